using System.Text.Json.Serialization;

namespace WaQup.Abstractions.Rest;

/// <summary>One ritual as <c>GET /v1/rituals/{id}</c> shows it: its library fields, what is spoken, and where to hear it.</summary>
public sealed record RitualResponse(
    [property: JsonPropertyName("ritual_id")] string RitualId,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("duration_ms")] long DurationMs,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("script")] string Script,
    [property: JsonPropertyName("voice")] string Voice,
    [property: JsonPropertyName("audio_url")] string AudioUrl,
    [property: JsonPropertyName("audio_content_type")] string AudioContentType,
    [property: JsonPropertyName("credits_charged")] int CreditsCharged);
