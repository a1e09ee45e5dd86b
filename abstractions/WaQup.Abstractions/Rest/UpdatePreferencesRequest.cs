using System.Text.Json.Serialization;

namespace WaQup.Abstractions.Rest;

/// <summary>The body of <c>PATCH /v1/me/preferences</c>: only the preferences it names change.</summary>
/// <remarks>
/// A null is left out when written, because the server refuses <c>"voice": null</c> as a voice that is not text: a
/// client serializing this record sends exactly the preferences it set.
/// </remarks>
public sealed record UpdatePreferencesRequest(
    [property: JsonPropertyName("voice"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Voice = null,
    [property: JsonPropertyName("locale"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Locale = null,
    [property: JsonPropertyName("default_duration_minutes"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? DefaultDurationMinutes = null,
    [property: JsonPropertyName("sound_bed"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SoundBed = null);
