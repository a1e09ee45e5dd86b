using WaQup.Abstractions.Catalog;

namespace WaQup.Grains.Catalog;

/// <summary>One page's question to the pack tables: checked words and filters, the order, and where the page starts.</summary>
/// <param name="AsOf">Packs first published after this are left out, on this page and every later one of the walk.</param>
/// <param name="After">The key of the last pack of the page before; null for the first page.</param>
/// <param name="Take">How many rows to read: one more than the page holds, to tell whether another page follows.</param>
public sealed record CatalogSearch(
    SearchTerms? Terms,
    string? Kind,
    long? MaxMs,
    string? Tag,
    CatalogSort Sort,
    DateTimeOffset AsOf,
    CatalogKey? After,
    int Take,
    string CallerId);
