using System.Text.Json.Serialization;

namespace WaQup.Abstractions.Rest;

/// <summary>One ritual of a pack (<c>GET /v1/packs/{id}</c>).</summary>
public sealed record PackRitualBody(
    [property: JsonPropertyName("ritual_id")] string RitualId,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("duration_ms")] long DurationMs);
