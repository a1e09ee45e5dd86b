using Microsoft.Extensions.Logging;
using WaQup.Grains.Sessions.Dialogue;

namespace WaQup.Grains.Sessions;

/// <summary>
/// The session record's write queue: one write at a time, each carrying the whole record as it is then. A
/// conversational turn is written within the turn-write delay, together with any turn taken meanwhile.
/// </summary>
/// <remarks>Used on the session's scheduler only.</remarks>
public sealed class RecordWriter(IPersistentState<SessionRecord> store, TimeSpan turnWriteDelay, TimeProvider clock, ILogger logger, string sessionId)
{
    private Task _pending = Task.CompletedTask;

    /// <summary>A conversational turn changed the record and no write has carried it yet.</summary>
    private bool _turnUnwritten;

    /// <summary>The wait before the waiting turn's write, while one is due; cancelled when the activation ends.</summary>
    private CancellationTokenSource? _turnWriteDue;

    /// <summary>Writes the record once any write still in flight has finished.</summary>
    /// <remarks>Written behind an announcement (not awaited), a failure surfaces in the next write's log.</remarks>
    public Task WriteAsync() => _pending = WriteAfterAsync(_pending);

    /// <summary>Stores the record as <paramref name="write"/> says; the task completes when that write has to be done.</summary>
    public Task WriteAsync(RecordWrite write)
    {
        switch (write)
        {
            case RecordWrite.Awaited:
                return WriteAsync();
            case RecordWrite.Behind:
                _ = WriteAsync();
                return Task.CompletedTask;
            case RecordWrite.None:
                return Task.CompletedTask;
            default:
                WriteSoon();
                return Task.CompletedTask;
        }
    }

    /// <summary>The activation is ending: a waiting turn is written now, and every write finished.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        _turnWriteDue?.Cancel();
        if (_turnUnwritten)
        {
            await WriteAsync().WaitAsync(cancellationToken);
        }

        await _pending.WaitAsync(cancellationToken);
    }

    private void WriteSoon()
    {
        if (turnWriteDelay <= TimeSpan.Zero)
        {
            _ = WriteAsync();
            return;
        }

        _turnUnwritten = true;
        if (_turnWriteDue is null)
        {
            _turnWriteDue = new CancellationTokenSource();
            _ = WriteLaterAsync(_turnWriteDue);
        }
    }

    private async Task WriteLaterAsync(CancellationTokenSource due)
    {
        try
        {
            await Task.Delay(turnWriteDelay, clock, due.Token);
            _turnWriteDue = null;
            if (_turnUnwritten)
            {
                await WriteAsync();
            }
        }
        catch (OperationCanceledException) when (due.IsCancellationRequested)
        {
            // The activation is ending, and writes what is waiting itself.
        }
        catch (Exception error)
        {
            // The record stays as it is in memory: the next write, or the activation's end, carries it.
            _turnWriteDue = null;
            logger.LogWarning(error, "Session {SessionId}: a turn's write failed; the next write carries it", sessionId);
        }
        finally
        {
            due.Dispose();
        }
    }

    private async Task WriteAfterAsync(Task previous)
    {
        try
        {
            await previous;
        }
        catch (Exception error)
        {
            // This write carries the whole record, so it also makes up for the one that failed.
            logger.LogWarning(error, "Session {SessionId}: an earlier write failed; writing again", sessionId);
        }

        _turnUnwritten = false;
        await store.WriteStateAsync();
    }
}
