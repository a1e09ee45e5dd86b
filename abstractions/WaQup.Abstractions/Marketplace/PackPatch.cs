namespace WaQup.Abstractions.Marketplace;

/// <summary>A partial edit of a pack: a null field is left as it is.</summary>
[GenerateSerializer, Immutable, Alias("waqup.PackPatch")]
public sealed record PackPatch(
    string? Title,
    string? Description,
    IReadOnlyList<string>? RitualIds,
    int? PriceCredits,
    IReadOnlyList<string>? Tags);
