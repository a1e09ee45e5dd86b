namespace WaQup.Abstractions.Catalog;

/// <summary>One of a creator's own packs, in any status (draft, published, unpublished), as their Studio lists it.</summary>
[GenerateSerializer, Immutable, Alias("waqup.CreatorPack")]
public sealed record CreatorPack(PackSummary Pack, string Status);
