namespace WaQup.Abstractions.Catalog;

/// <summary>The orders of <c>GET /v1/catalog</c>; wire names are lower case.</summary>
[GenerateSerializer, Alias("waqup.CatalogSort")]
public enum CatalogSort
{
    /// <summary>Best text match first (the default when there is a query).</summary>
    Relevance,

    /// <summary>Most played, then most bought.</summary>
    Popular,

    /// <summary>Newest first publication first (the default without a query).</summary>
    New,

    /// <summary>Best mean rating first, unrated last.</summary>
    Rating,
}
