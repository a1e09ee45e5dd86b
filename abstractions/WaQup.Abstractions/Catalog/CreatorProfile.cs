namespace WaQup.Abstractions.Catalog;

/// <summary>A creator's public face: name, bio and published packs, newest first.</summary>
[GenerateSerializer, Immutable, Alias("waqup.CreatorProfile")]
public sealed record CreatorProfile(
    string CreatorId,
    string DisplayName,
    string Bio,
    IReadOnlyList<PackSummary> Packs);
