using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace WaQup.Tests.Speech;

/// <summary>One synthesis of <see cref="ControlledSpeech"/>: it yields what the test says, and ends or fails when told to.</summary>
internal sealed class ControlledSynthesis(string text)
{
    private readonly Channel<ReadOnlyMemory<byte>> _chunks = Channel.CreateUnbounded<ReadOnlyMemory<byte>>();
    private Exception? _failure;

    public string Text => text;

    /// <summary>The scheduler the synthesis was started on.</summary>
    public TaskScheduler? StartedOn { get; set; }

    /// <summary>Completes when the synthesis has ended, however it ended.</summary>
    public TaskCompletionSource Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Whether its cancellation token had been cancelled when it ended.</summary>
    public bool EndedCancelled { get; private set; }

    public void Say(params byte[] chunk) => _chunks.Writer.TryWrite(chunk);

    public void Finish() => _chunks.Writer.TryComplete();

    /// <summary>Ends by throwing <paramref name="failure"/> itself, after the chunks said so far.</summary>
    public void Fail(Exception failure)
    {
        _failure = failure;
        _chunks.Writer.TryComplete();
    }

    public async IAsyncEnumerable<ReadOnlyMemory<byte>> PlayAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var chunk in _chunks.Reader.ReadAllAsync(cancellationToken))
            {
                yield return chunk;
            }

            if (_failure is { } failure)
            {
                throw failure;
            }
        }
        finally
        {
            EndedCancelled = cancellationToken.IsCancellationRequested;
            Ended.TrySetResult();
        }
    }
}
