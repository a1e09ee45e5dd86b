namespace WaQup.Providers.Speech.Caching;

/// <summary>The byte budget of the in-memory speech cache.</summary>
public sealed record SpeechCacheOptions
{
    /// <summary>Audio kept, in bytes of PCM; 64 MiB is about 23 minutes of 24 kHz speech.</summary>
    public long MaxBytes { get; init; } = 64L * 1024 * 1024;
}
