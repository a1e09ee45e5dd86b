namespace WaQup.Providers.Speech.Caching;

/// <summary>
/// One synthesis under way, shared by every caller who asked for the same speech meanwhile: chunks are kept as they
/// arrive and each caller reads them at its own pace. It has its own cancellation, so no one caller's cancel stops it;
/// it is cancelled only when the last caller has left.
/// </summary>
internal sealed class SpeechFlight
{
    private readonly Lock _gate = new();
    private readonly List<ReadOnlyMemory<byte>> _chunks = [];

    // Never disposed: it has no timer and no linked parent, and disposing could race a late Cancel from a leaving reader.
    private readonly CancellationTokenSource _cancellation = new();
    private TaskCompletionSource _changed = NewSignal();
    private long _bytes;
    private bool _completed;
    private Exception? _failure;
    private int _readers;

    public CancellationToken Token => _cancellation.Token;

    public bool WasCancelled => _cancellation.IsCancellationRequested;

    /// <summary>Called under the cache's lock, which also guards leaving, so a flight being abandoned cannot be joined.</summary>
    public void Join() => _readers++;

    /// <summary>Called under the cache's lock; true when this was the last reader and the synthesis is still running.</summary>
    public bool Leave()
    {
        _readers--;
        lock (_gate)
        {
            return _readers == 0 && !_completed && _failure is null;
        }
    }

    public void Cancel() => _cancellation.Cancel();

    public void Append(ReadOnlyMemory<byte> chunk)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _chunks.Add(chunk);
            _bytes += chunk.Length;
            changed = _changed;
            _changed = NewSignal();
        }

        changed.TrySetResult();
    }

    /// <summary>Every chunk and their size, once the synthesis has ended (nothing more is appended), for the cache.</summary>
    public (ReadOnlyMemory<byte>[] Chunks, long Bytes) Whole()
    {
        lock (_gate)
        {
            return ([.. _chunks], _bytes);
        }
    }

    /// <summary>Marks the synthesis finished: its readers end once they have read every chunk.</summary>
    public void Complete()
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _completed = true;
            changed = _changed;
        }

        changed.TrySetResult();
    }

    public void Fail(Exception failure)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _failure = failure;
            changed = _changed;
        }

        changed.TrySetResult();
    }

    /// <summary>
    /// The chunk at <paramref name="index"/> if it has arrived; otherwise false with a task that completes when something
    /// changes, or with null when the synthesis has finished. Throws when it failed.
    /// </summary>
    public bool TryRead(int index, out ReadOnlyMemory<byte> chunk, out Task? changed)
    {
        lock (_gate)
        {
            if (index < _chunks.Count)
            {
                chunk = _chunks[index];
                changed = null;
                return true;
            }

            if (_failure is { } failure)
            {
                // A new exception per reader: one shared instance would collect every reader's stack trace.
                throw new SpeechUnavailableException(failure.Message, failure);
            }

            chunk = default;
            changed = _completed ? null : _changed.Task;
            return false;
        }
    }

    // Readers continue on the thread pool, so the synthesis never waits on a reader's work.
    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
