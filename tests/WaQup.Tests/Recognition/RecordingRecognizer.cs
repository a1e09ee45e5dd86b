using System.Collections.Concurrent;
using WaQup.Abstractions.Voice;

namespace WaQup.Tests.Recognition;

/// <summary>Stands in for the embedded recogniser: keeps the audio of each finished utterance and hears fixed words.</summary>
internal sealed class RecordingRecognizer(string words = "breathe in slowly") : ISpeechRecognizer
{
    public const string Name = "pocketsphinx";

    public string Words { get; } = words;

    private readonly TaskCompletionSource _firstHeard = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The audio of each finished utterance, in order.</summary>
    public ConcurrentQueue<byte[]> Heard { get; } = new();

    /// <summary>Completes when the first utterance has been finished.</summary>
    public Task FirstHeard => _firstHeard.Task;

    public IUtteranceRecognition Begin(Action<string>? partial = null, Speaker? speaker = null) => new Utterance(this);

    private sealed class Utterance(RecordingRecognizer owner) : IUtteranceRecognition
    {
        private readonly MemoryStream _audio = new();

        public void Write(ReadOnlySpan<byte> pcm) => _audio.Write(pcm);

        public Task<Transcript> FinishAsync(CancellationToken cancellationToken)
        {
            owner.Heard.Enqueue(_audio.ToArray());
            owner._firstHeard.TrySetResult();
            return Task.FromResult(new Transcript(owner.Words, _audio.Length / MicrophoneFormat.BytesPerMillisecond, Name));
        }

        public ValueTask DisposeAsync() => _audio.DisposeAsync();
    }
}
