using WaQup.Abstractions.Voice;

namespace WaQup.Providers.Recognition.Cloud;

/// <summary>One utterance for <see cref="OpenAiSpeechRecognizer"/>: its audio is kept until it ends, then sent at once.</summary>
/// <remarks>Whoever takes the buffer (finishing or abandoning) owns it and returns it to the pool, so it is returned once.</remarks>
internal sealed class OpenAiUtterance(OpenAiSpeechRecognizer recognizer, int maxAudioBytes, Speaker? speaker) : IUtteranceRecognition
{
    private WavUtteranceBuffer? _audio = new(maxAudioBytes);

    public void Write(ReadOnlySpan<byte> pcm)
    {
        if (pcm.Length % MicrophoneFormat.BytesPerSample != 0)
        {
            throw new ArgumentException($"{pcm.Length} bytes are not a whole number of PCM16 samples.", nameof(pcm));
        }

        var audio = Volatile.Read(ref _audio) ?? throw new InvalidOperationException("The utterance has already ended.");
        audio.Append(pcm);
    }

    public async Task<Transcript> FinishAsync(CancellationToken cancellationToken)
    {
        var audio = Interlocked.Exchange(ref _audio, null) ?? throw new InvalidOperationException("The utterance has already ended.");
        using (audio)
        {
            return await recognizer.RecognizeAsync(audio, speaker, cancellationToken).ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync()
    {
        Interlocked.Exchange(ref _audio, null)?.Dispose();
        return ValueTask.CompletedTask;
    }
}
