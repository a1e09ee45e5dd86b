using System.Text.Json.Serialization;

namespace WaQup.Abstractions.Rest;

/// <summary>
/// One ritual in the caller's library (<c>GET /v1/library</c>); <c>kind</c> is affirmation, meditation or ritual;
/// <c>source</c> is <c>created</c> (the caller's own) or <c>purchased</c> (from a pack they own).
/// </summary>
public sealed record LibraryItem(
    [property: JsonPropertyName("ritual_id")] string RitualId,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("duration_ms")] long DurationMs,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("source")] string Source);
