namespace WaQup.Providers.Speech.Cloud;

/// <summary>How to reach OpenAI speech: the key, the model and which voices "default", "female" and "male" stand for.</summary>
public sealed record OpenAiSpeechOptions
{
    /// <summary>Sent as a bearer token; comes from the environment (OPENAI_API_KEY), never from a file.</summary>
    public string ApiKey { get; init; } = string.Empty;

    public string Model { get; init; } = "gpt-4o-mini-tts";

    /// <summary>The API root including its version segment; null is OpenAI's own (https://api.openai.com/v1).</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>Used for "default", an empty voice and any name OpenAI does not offer.</summary>
    public string DefaultVoice { get; init; } = "alloy";

    /// <summary>Used for "female"; null means the default voice.</summary>
    public string? FemaleVoice { get; init; } = "nova";

    /// <summary>Used for "male"; null means the default voice.</summary>
    public string? MaleVoice { get; init; } = "onyx";

    /// <summary>How to speak (gpt-4o-mini-tts only), e.g. "Calm and unhurried"; null sends none.</summary>
    public string? Instructions { get; init; }

    /// <summary>The longest wait from sending the request to the first audio byte, retries included.</summary>
    public TimeSpan FirstByteTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>The longest silence on the wire once audio has started.</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Used by <see cref="CloudSpeechServiceCollectionExtensions.AddOpenAiSpeech"/>.</summary>
    public SpeechResilienceOptions Resilience { get; init; } = new();
}
