namespace WaQup.Abstractions.Marketplace;

/// <summary>A rating's answer: the pack's mean rating and number of ratings after it, or why it was refused.</summary>
[GenerateSerializer, Immutable, Alias("waqup.RatingOutcome")]
public sealed record RatingOutcome(PackAnswer Answer, double? Rating, long RatingCount, string? Detail);
