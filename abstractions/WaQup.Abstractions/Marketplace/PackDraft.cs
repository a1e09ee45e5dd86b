namespace WaQup.Abstractions.Marketplace;

/// <summary>A new pack as its creator describes it, already checked for shape (lengths, counts, tags normalised).</summary>
[GenerateSerializer, Immutable, Alias("waqup.PackDraft")]
public sealed record PackDraft(
    string Title,
    string Description,
    IReadOnlyList<string> RitualIds,
    int PriceCredits,
    IReadOnlyList<string> Tags);
