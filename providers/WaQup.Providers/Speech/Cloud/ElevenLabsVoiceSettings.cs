using System.Text.Json.Serialization;

namespace WaQup.Providers.Speech.Cloud;

/// <summary>ElevenLabs' per-request voice_settings; a null field is left out so the voice's stored setting applies.</summary>
public sealed record ElevenLabsVoiceSettings
{
    [JsonPropertyName("stability")]
    public double? Stability { get; init; }

    [JsonPropertyName("similarity_boost")]
    public double? SimilarityBoost { get; init; }

    [JsonPropertyName("style")]
    public double? Style { get; init; }

    [JsonPropertyName("use_speaker_boost")]
    public bool? UseSpeakerBoost { get; init; }

    [JsonPropertyName("speed")]
    public double? Speed { get; init; }
}
