namespace WaQup.Grains.Catalog;

/// <summary>
/// Where a pack stands in every order the catalog sorts by: a page ends at its last pack's key, and the next page
/// starts strictly after it. <paramref name="Score"/> is the relevance as PostgreSQL computed it (a <c>real</c>), kept
/// bit for bit so that the comparison on the next page is exact.
/// </summary>
public sealed record CatalogKey(string PackId, DateTimeOffset PublishedAt, long Plays, long Purchases, float? Rating, float Score);
