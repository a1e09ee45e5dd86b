using WaQup.Abstractions.Protocol;

namespace WaQup.Abstractions.Grains;

/// <summary>Whether a reservation was made, and the credits after it.</summary>
[GenerateSerializer, Immutable, Alias("waqup.ReserveOutcome")]
public sealed record ReserveOutcome(bool Reserved, CreditsView Credits);
