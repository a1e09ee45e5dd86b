namespace WaQup.Abstractions.Catalog;

/// <summary>What <c>GET /v1/catalog</c> asks for, its parameters already checked for shape by the api.</summary>
/// <param name="Text">What the listener typed, as typed (a trailing space says the last word is finished); null for none.</param>
/// <param name="Kind">A ritual kind the pack must hold at least once.</param>
/// <param name="MaxMinutes">The most minutes all the pack's rituals may last together.</param>
/// <param name="Tag">A tag the pack must carry, lower case.</param>
/// <param name="Cursor">The <c>next_cursor</c> of the page before, exactly as it was given.</param>
[GenerateSerializer, Immutable, Alias("waqup.CatalogQuery")]
public sealed record CatalogQuery(
    string? Text,
    string? Kind,
    int? MaxMinutes,
    string? Tag,
    CatalogSort Sort,
    int Limit,
    string? Cursor);
