namespace WaQup.Abstractions.Marketplace;

/// <summary>What one UTC day brought a creator.</summary>
[GenerateSerializer, Immutable, Alias("waqup.CreatorDay")]
public sealed record CreatorDay(DateOnly Day, long Plays, long Completions, long Purchases, long CreditsEarned);
