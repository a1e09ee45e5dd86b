namespace WaQup.Abstractions.Marketplace;

/// <summary>A pack as one caller sees it: <see cref="Owned"/> is theirs (always true for its creator).</summary>
[GenerateSerializer, Immutable, Alias("waqup.PackView")]
public sealed record PackView(
    string PackId,
    string Title,
    string Description,
    CreatorProfile Creator,
    int PriceCredits,
    IReadOnlyList<string> Tags,
    string Status,
    IReadOnlyList<PackRitual> Rituals,
    bool Owned,
    double? Rating,
    long RatingCount,
    long Plays,
    long Purchases,
    DateTimeOffset CreatedAt,
    DateTimeOffset? PublishedAt);
