namespace WaQup.Providers.Simulated;

/// <summary>Latency and throughput of the load-testing providers; zeros mean "as fast as possible". Never a default.</summary>
/// <remarks>
/// These exist to separate the engine's own cost from the providers' and to model real ones, for example
/// 75 ms to first audio for a fast TTS or 300 ms to first token for an LLM.
/// </remarks>
public sealed record SimulatedProviderOptions
{
    /// <summary>Delay before the first sentence of a script.</summary>
    public int TextFirstTokenMs { get; init; }

    /// <summary>Sentences produced per second after the first; 0 means unlimited.</summary>
    public double TextSentencesPerSecond { get; init; }

    /// <summary>Delay before the first audio chunk of a sentence.</summary>
    public int SpeechFirstByteMs { get; init; }

    /// <summary>How many times faster than real time audio is produced; 0 means instantly.</summary>
    public double SpeechRealtimeFactor { get; init; }

    /// <summary>Audio per chunk.</summary>
    public int SpeechChunkMs { get; init; } = 40;

    /// <summary>The speaking rate that sizes a sentence's audio.</summary>
    public int WordsPerMinute { get; init; } = 160;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(TextFirstTokenMs);
        ArgumentOutOfRangeException.ThrowIfNegative(TextSentencesPerSecond);
        ArgumentOutOfRangeException.ThrowIfNegative(SpeechFirstByteMs);
        ArgumentOutOfRangeException.ThrowIfNegative(SpeechRealtimeFactor);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(SpeechChunkMs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(WordsPerMinute);
    }
}
