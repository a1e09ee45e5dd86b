namespace WaQup.Abstractions.Catalog;

/// <summary>A creator's public face: name, bio and published packs, newest first.</summary>
[GenerateSerializer, Immutable, Alias("waqup.CreatorPage")]
public sealed record CreatorPage(
    string CreatorId,
    string DisplayName,
    string Bio,
    IReadOnlyList<PackSummary> Packs);
