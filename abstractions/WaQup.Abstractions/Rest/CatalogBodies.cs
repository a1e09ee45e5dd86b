using System.Text.Json.Serialization;

namespace WaQup.Abstractions.Rest;

/// <summary>
/// The query of <c>GET /v1/catalog</c>, as sent. Text, so that the endpoint, not the model binder, answers a malformed
/// value with problem details; named as on the wire (see <see cref="CreditsRequest"/>).
/// </summary>
public sealed record CatalogRequest(string? q, string? kind, string? max_minutes, string? tag, string? sort, string? limit, string? cursor);

/// <summary>A page of <c>GET /v1/catalog</c>; <c>next_cursor</c> is null on the last page.</summary>
public sealed record CatalogResponse(
    [property: JsonPropertyName("items")] IReadOnlyList<PackSummaryBody> Items,
    [property: JsonPropertyName("next_cursor")] string? NextCursor);

/// <summary><c>GET /v1/creators/{creator_id}</c>: a creator's public profile and published packs, newest first.</summary>
public sealed record CreatorProfileBody(
    [property: JsonPropertyName("creator_id")] string CreatorId,
    [property: JsonPropertyName("display_name")] string DisplayName,
    [property: JsonPropertyName("bio")] string Bio,
    [property: JsonPropertyName("packs")] IReadOnlyList<PackSummaryBody> Packs);

/// <summary><c>GET /v1/recommendations</c>: packs for the caller that they neither own nor made, best first.</summary>
public sealed record RecommendationsResponse(
    [property: JsonPropertyName("items")] IReadOnlyList<PackSummaryBody> Items);

/// <summary>One of the caller's own packs on <c>GET /v1/me/creator/packs</c>: its status (draft, published, unpublished) and the pack.</summary>
public sealed record CreatorPackBody(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("pack")] PackSummaryBody Pack);

/// <summary><c>GET /v1/me/creator/packs</c>: the caller's packs in every status, newest first (at most 200).</summary>
public sealed record CreatorPacksResponse(
    [property: JsonPropertyName("items")] IReadOnlyList<CreatorPackBody> Items);
