namespace WaQup.Abstractions.Voice;

/// <summary>
/// Turns one utterance of microphone audio (PCM16 LE, 16 kHz, mono) into words. The embedded recogniser decodes while
/// the person speaks; a cloud one may only send the audio once the utterance ends.
/// </summary>
public interface ISpeechRecognizer
{
    /// <summary>
    /// Opens one utterance. <paramref name="partial"/>, when given, hears partial transcripts as they form;
    /// <paramref name="speaker"/>, when given, is who says it: what the recogniser learnt of their voice and channel in
    /// their earlier utterances is used again, and nothing learnt from anyone else.
    /// </summary>
    IUtteranceRecognition Begin(Action<string>? partial = null, Speaker? speaker = null);
}

/// <summary>
/// One person's microphone across utterances (a connection's): where a recogniser keeps what it learns of their voice
/// and channel, under its own name. Never shared between people, so one person's audio cannot change how another's is heard.
/// </summary>
public sealed class Speaker
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, object> _learnt = new(StringComparer.Ordinal);

    /// <summary>What <paramref name="recognizer"/> last kept for this speaker, or null.</summary>
    public T? Get<T>(string recognizer)
        where T : class
    {
        lock (_lock)
        {
            return _learnt.GetValueOrDefault(recognizer) as T;
        }
    }

    /// <summary>Keeps <paramref name="learnt"/> for the speaker's next utterance (it must not be changed afterwards).</summary>
    public void Keep(string recognizer, object learnt)
    {
        lock (_lock)
        {
            _learnt[recognizer] = learnt;
        }
    }
}

/// <summary>One utterance being recognised; disposing it without finishing abandons it and frees what it holds.</summary>
public interface IUtteranceRecognition : IAsyncDisposable
{
    /// <summary>
    /// More audio of the utterance, a whole number of samples. Never blocks on recognition: the audio is copied, so the
    /// caller may reuse its buffer at once.
    /// </summary>
    void Write(ReadOnlySpan<byte> pcm);

    /// <summary>The utterance has ended: its final transcript, <c>""</c> when no words were recognised.</summary>
    /// <exception cref="RecognitionUnavailableException">No recogniser could hear it.</exception>
    Task<Transcript> FinishAsync(CancellationToken cancellationToken);
}

/// <summary>What a recogniser heard in one utterance.</summary>
/// <param name="Text">The words, lower case for the embedded recogniser, <c>""</c> for none.</param>
/// <param name="AudioMs">How much audio the utterance held.</param>
/// <param name="Recognizer">Which recogniser produced it (<c>pocketsphinx</c>, <c>openai</c>), for logs and metrics.</param>
public sealed record Transcript(string Text, long AudioMs, string Recognizer);

/// <summary>No recogniser could hear an utterance (not installed, failing, or out of time).</summary>
public sealed class RecognitionUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The microphone format every recogniser takes: PCM16 LE, 16 kHz, mono.</summary>
public static class MicrophoneFormat
{
    public const int SampleRate = 16_000;
    public const int BytesPerSample = 2;
    public const int BytesPerMillisecond = SampleRate * BytesPerSample / 1000;
}
