namespace WaQup.Providers.Speech.Cloud;

/// <summary>How to reach ElevenLabs: the key, the model and which voice ids "default", "female" and "male" stand for.</summary>
public sealed record ElevenLabsOptions
{
    /// <summary>Sent as xi-api-key; comes from the environment (ELEVENLABS_API_KEY), never from a file.</summary>
    public string ApiKey { get; init; } = string.Empty;

    public Uri BaseUrl { get; init; } = new("https://api.elevenlabs.io");

    /// <summary>Flash v2.5 has ElevenLabs' lowest latency to first audio, which is what a live turn waits on.</summary>
    public string ModelId { get; init; } = "eleven_flash_v2_5";

    /// <summary>Used for "default", an empty voice and any voice that is not an ElevenLabs voice id ("Sarah", a premade voice).</summary>
    public string DefaultVoiceId { get; init; } = "EXAVITQu4vr4xnSDxMaL";

    /// <summary>Used for "female"; null means the default voice.</summary>
    public string? FemaleVoiceId { get; init; } = "EXAVITQu4vr4xnSDxMaL";

    /// <summary>Used for "male"; null means the default voice ("George", a premade voice).</summary>
    public string? MaleVoiceId { get; init; } = "JBFqnCBsd6RMkjVDRZzb";

    /// <summary>Sent as voice_settings when set; otherwise each voice's stored settings apply.</summary>
    public ElevenLabsVoiceSettings? VoiceSettings { get; init; }

    /// <summary>The longest wait from sending the request to the first audio byte, retries included.</summary>
    public TimeSpan FirstByteTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>The longest silence on the wire once audio has started.</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Used by <see cref="CloudSpeechServiceCollectionExtensions.AddElevenLabsSpeech"/>.</summary>
    public SpeechResilienceOptions Resilience { get; init; } = new();
}
