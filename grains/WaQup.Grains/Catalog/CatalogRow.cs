using WaQup.Abstractions.Catalog;

namespace WaQup.Grains.Catalog;

/// <summary>A pack of a catalog page and its place in the page's order.</summary>
public sealed record CatalogRow(PackSummary Pack, CatalogKey Key);
