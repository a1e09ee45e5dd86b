namespace WaQup.Abstractions.Catalog;

/// <summary>A published pack as lists show it, with whether the caller owns it (its creator always does).</summary>
[GenerateSerializer, Immutable, Alias("waqup.PackSummary")]
public sealed record PackSummary(
    string PackId,
    string Title,
    string Description,
    string CreatorId,
    string CreatorName,
    int PriceCredits,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> Kinds,
    long DurationMs,
    int RitualCount,
    double? Rating,
    long Plays,
    DateTimeOffset? PublishedAt,
    bool Owned);
