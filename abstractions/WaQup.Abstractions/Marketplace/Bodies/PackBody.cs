using System.Text.Json.Serialization;

namespace WaQup.Abstractions.Rest;

/// <summary>
/// One pack (<c>GET /v1/packs/{id}</c> and the answers of creating, editing, publishing): the fields PROTOCOL.md
/// names, then <c>rating_count</c>, <c>purchases</c>, <c>duration_ms</c> (its rituals together) and
/// <c>published_at</c> (its first publication). <c>rating</c> is the mean of its ratings, null before the first.
/// </summary>
public sealed record PackBody(
    [property: JsonPropertyName("pack_id")] string PackId,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("creator")] CreatorRefBody Creator,
    [property: JsonPropertyName("price_credits")] int PriceCredits,
    [property: JsonPropertyName("tags")] IReadOnlyList<string> Tags,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("rituals")] IReadOnlyList<PackRitualBody> Rituals,
    [property: JsonPropertyName("owned")] bool Owned,
    [property: JsonPropertyName("rating")] double? Rating,
    [property: JsonPropertyName("plays")] long Plays,
    [property: JsonPropertyName("rating_count")] long RatingCount,
    [property: JsonPropertyName("purchases")] long Purchases,
    [property: JsonPropertyName("duration_ms")] long DurationMs,
    [property: JsonPropertyName("published_at")] DateTimeOffset? PublishedAt);
