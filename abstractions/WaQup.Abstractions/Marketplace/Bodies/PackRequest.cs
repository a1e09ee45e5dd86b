using System.Text.Json.Serialization;

namespace WaQup.Abstractions.Rest;

/// <summary>
/// <c>POST /v1/packs</c> (every field but <c>title</c> and <c>ritual_ids</c> may be left out) and <c>PATCH
/// /v1/packs/{id}</c> (any of them): title 1 to 100 characters, description at most 2000, 1 to 50 distinct rituals
/// of the caller's own, a price of 0 to 10000 credits, at most 10 tags of 1 to 30 characters (kept in lower case).
/// </summary>
public sealed record PackRequest(
    [property: JsonPropertyName("title")] string? Title,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("ritual_ids")] IReadOnlyList<string>? RitualIds,
    [property: JsonPropertyName("price_credits")] int? PriceCredits,
    [property: JsonPropertyName("tags")] IReadOnlyList<string>? Tags);
