using System.Runtime.CompilerServices;
using WaQup.Providers.Speech;

namespace WaQup.Tests.Infrastructure;

/// <summary>Real espeak-ng speech that breaks down on purpose after a number of sentences, like a provider outage mid-ritual.</summary>
public sealed class FailingSpeech(int sentencesBeforeFailure) : ISpeechSynthesizer
{
    private readonly EspeakSpeechSynthesizer _real = new(new EspeakOptions());
    private int _sentences;

    public async IAsyncEnumerable<ReadOnlyMemory<byte>> SynthesizeAsync(string text, string voice, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _sentences) > sentencesBeforeFailure)
        {
            throw new SpeechUnavailableException("the speech provider is down (injected by the test)");
        }

        await foreach (var chunk in _real.SynthesizeAsync(text, voice, cancellationToken))
        {
            yield return chunk;
        }
    }
}
