using System.Runtime.CompilerServices;
using WaQup.Providers.Speech;

namespace WaQup.Tests.Infrastructure;

/// <summary>Real espeak-ng speech that takes its time over each sentence, as a machine short of CPU would.</summary>
public sealed class SlowSpeech(TimeSpan perSentence) : ISpeechSynthesizer
{
    private readonly EspeakSpeechSynthesizer _real = new(new EspeakOptions());

    public async IAsyncEnumerable<ReadOnlyMemory<byte>> SynthesizeAsync(string text, string voice, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Delay(perSentence, cancellationToken);
        await foreach (var chunk in _real.SynthesizeAsync(text, voice, cancellationToken))
        {
            yield return chunk;
        }
    }
}
