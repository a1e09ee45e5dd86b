using System.Runtime.CompilerServices;
using WaQup.Providers.Audio;
using WaQup.Providers.Speech;

namespace WaQup.Grains.Costs;

/// <summary>
/// Records what an embedded synthesiser spoke: its characters and seconds of audio, priced per audio hour (the processor
/// time it takes). It sits under the speech cache, so only syntheses are recorded, never replays.
/// </summary>
public sealed class CostedSpeechSynthesizer(ISpeechSynthesizer inner, string provider, CostRecorder recorder) : ISpeechSynthesizer
{
    private const double BytesPerSecond = AudioFormat.SampleRate * 2.0;

    public async IAsyncEnumerable<ReadOnlyMemory<byte>> SynthesizeAsync(
        string text,
        string voice,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long bytes = 0;
        try
        {
            await foreach (var chunk in inner.SynthesizeAsync(text, voice, cancellationToken).ConfigureAwait(false))
            {
                bytes += chunk.Length;
                yield return chunk;
            }
        }
        finally
        {
            // Audio made and then cancelled took its processor time all the same; a synthesis that made none cost nothing.
            if (bytes > 0)
            {
                recorder.Record(new CostInputs(provider, voice ?? "", CostOperations.Speech, Characters: text.Length, AudioSeconds: bytes / BytesPerSecond));
            }
        }
    }
}
