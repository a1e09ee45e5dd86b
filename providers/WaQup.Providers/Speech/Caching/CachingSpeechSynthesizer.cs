namespace WaQup.Providers.Speech.Caching;

/// <summary>Synthesises identical speech (provider, voice, text) once and replays it from the shared <see cref="SpeechCache"/>.</summary>
/// <remarks>
/// A miss streams: the first chunk is yielded as soon as the provider yields it, and the entry is stored only once the
/// provider has finished without error. Callers asking for the same speech while it is being made share that one
/// synthesis; one of them cancelling leaves the others (and the cache) unaffected. Chunks are shared, never mutated;
/// callers may keep them.
/// </remarks>
/// <param name="provider">Names the inner provider and model in the key, e.g. "elevenlabs/eleven_flash_v2_5".</param>
public sealed class CachingSpeechSynthesizer(ISpeechSynthesizer inner, string provider, SpeechCache cache) : ISpeechSynthesizer
{
    public IAsyncEnumerable<ReadOnlyMemory<byte>> SynthesizeAsync(string text, string voice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        var spokenVoice = voice ?? string.Empty;
        var key = SpeechCacheKey.Of(provider, spokenVoice, text);
        return cache.ReadAsync(key, token => inner.SynthesizeAsync(text, spokenVoice, token), cancellationToken);
    }
}
