namespace WaQup.Abstractions.Protocol;

/// <summary>A balance and what of it is held by open reservations.</summary>
[GenerateSerializer, Immutable, Alias("waqup.CreditsView")]
public sealed record CreditsView(int Balance, int Reserved);
