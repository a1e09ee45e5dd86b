using System.Text.Json.Serialization;

namespace WaQup.Abstractions.Rest;

/// <summary>A pack's creator as pack pages and the catalog show them: the public id and name, never the user id.</summary>
public sealed record CreatorRefBody(
    [property: JsonPropertyName("creator_id")] string CreatorId,
    [property: JsonPropertyName("display_name")] string DisplayName);

/// <summary>
/// A pack as lists show it (<c>GET /v1/catalog</c>, <c>GET /v1/recommendations</c>, a creator's profile).
/// <c>kinds</c> are the kinds of its rituals; <c>duration_ms</c> their length together; <c>rating</c> the mean of its
/// ratings (null before the first); <c>owned</c> whether the caller owns it (always true for its creator).
/// </summary>
public sealed record PackSummaryBody(
    [property: JsonPropertyName("pack_id")] string PackId,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("creator")] CreatorRefBody Creator,
    [property: JsonPropertyName("price_credits")] int PriceCredits,
    [property: JsonPropertyName("tags")] IReadOnlyList<string> Tags,
    [property: JsonPropertyName("kinds")] IReadOnlyList<string> Kinds,
    [property: JsonPropertyName("duration_ms")] long DurationMs,
    [property: JsonPropertyName("ritual_count")] int RitualCount,
    [property: JsonPropertyName("rating")] double? Rating,
    [property: JsonPropertyName("plays")] long Plays,
    [property: JsonPropertyName("published_at")] DateTimeOffset? PublishedAt,
    [property: JsonPropertyName("owned")] bool Owned);
