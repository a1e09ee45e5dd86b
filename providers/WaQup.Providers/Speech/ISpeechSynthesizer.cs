namespace WaQup.Providers.Speech;

/// <summary>Turns one sentence into speech, streamed as it is produced.</summary>
public interface ISpeechSynthesizer
{
    /// <summary>PCM16 little-endian mono at <see cref="Audio.AudioFormat.SampleRate"/>, in chunks of any size.</summary>
    /// <exception cref="SpeechUnavailableException">The synthesiser failed or is not installed.</exception>
    IAsyncEnumerable<ReadOnlyMemory<byte>> SynthesizeAsync(string text, string voice, CancellationToken cancellationToken);
}
