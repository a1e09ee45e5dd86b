namespace WaQup.Abstractions.Voice;

/// <summary>
/// Turns one utterance of microphone audio (PCM16 LE, 16 kHz, mono) into words. The embedded recogniser decodes while
/// the person speaks; a cloud one may only send the audio once the utterance ends.
/// </summary>
public interface ISpeechRecognizer
{
    /// <summary>Opens one utterance. <paramref name="partial"/>, when given, hears partial transcripts as they form.</summary>
    IUtteranceRecognition Begin(Action<string>? partial = null);
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
