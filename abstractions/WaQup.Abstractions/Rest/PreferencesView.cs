using System.Text.Json.Serialization;

namespace WaQup.Abstractions.Rest;

/// <summary>A person's defaults for new rituals, as the REST api shows them.</summary>
public sealed record PreferencesView(
    [property: JsonPropertyName("voice")] string Voice,
    [property: JsonPropertyName("locale")] string Locale,
    [property: JsonPropertyName("default_duration_minutes")] int DefaultDurationMinutes,
    [property: JsonPropertyName("sound_bed")] string SoundBed);
