using WaQup.Abstractions.Protocol;

namespace WaQup.Abstractions.Grains;

/// <summary>Whether a debit took its credits (now or at its first application), and the credits after it.</summary>
[GenerateSerializer, Immutable, Alias("waqup.DebitOutcome")]
public sealed record DebitOutcome(bool Applied, CreditsView Credits);
