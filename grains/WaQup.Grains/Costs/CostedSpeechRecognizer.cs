using WaQup.Abstractions.Costs;
using WaQup.Abstractions.Voice;

namespace WaQup.Grains.Costs;

/// <summary>Records the audio of every utterance a recogniser heard, under the recogniser that heard it (a fallback's own name).</summary>
public sealed class CostedSpeechRecognizer(ISpeechRecognizer inner, CostRecorder recorder) : ISpeechRecognizer
{
    public IUtteranceRecognition Begin(Action<string>? partial = null, Speaker? speaker = null) =>
        new Utterance(inner.Begin(partial, speaker), recorder, CostScope.Current);

    private sealed class Utterance(IUtteranceRecognition inner, CostRecorder recorder, CostScope? scope) : IUtteranceRecognition
    {
        public void Write(ReadOnlySpan<byte> pcm) => inner.Write(pcm);

        public async Task<Transcript> FinishAsync(CancellationToken cancellationToken)
        {
            var transcript = await inner.FinishAsync(cancellationToken).ConfigureAwait(false);
            if (transcript.AudioMs > 0)
            {
                recorder.Record(new CostInputs(transcript.Recognizer, "", CostOperations.Recognition, AudioSeconds: transcript.AudioMs / 1000.0), scope);
            }

            return transcript;
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
