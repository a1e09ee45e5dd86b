namespace WaQup.Abstractions.Catalog;

/// <summary>A page of the catalog, or why the query cannot be answered (a cursor it did not make: 400).</summary>
[GenerateSerializer, Immutable, Alias("waqup.CatalogAnswer")]
public sealed record CatalogAnswer(
    IReadOnlyList<PackSummary> Items,
    string? NextCursor,
    string? Refusal)
{
    public static CatalogAnswer Refused(string why) => new([], null, why);
}
