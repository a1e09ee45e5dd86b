using System.Collections.Concurrent;
using WaQup.Providers.Audio;

namespace WaQup.Grains.Sessions.Production;

/// <summary>
/// One ritual's frames on their way into an Ogg Opus file, encoded by the <see cref="RecordingEncoder"/>'s low-priority
/// threads, never on the session's own turn, where it would hold back the frames the client is waiting for.
/// </summary>
public sealed class RitualRecording : IAsyncDisposable
{
    private readonly RecordingEncoder _encoder;
    private readonly FramePool _pool;
    private readonly CancellationToken _cancellation;
    private readonly ConcurrentQueue<(byte[] Buffer, int Length)> _frames = new();
    private readonly MemoryStream _file = new();
    private readonly OggOpusWriter _ogg;
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _drain = new();
    private int _scheduled;
    private int _pending;
    private volatile bool _completing;
    private volatile bool _abandoned;

    public RitualRecording(RecordingEncoder encoder, FramePool pool, CancellationToken cancellationToken)
    {
        _encoder = encoder;
        _pool = pool;
        _cancellation = cancellationToken;
        _ogg = new OggOpusWriter(_file);
    }

    /// <summary>Frames queued and not yet encoded.</summary>
    public int PendingFrames => Volatile.Read(ref _pending);

    /// <summary>Queues a copy of one frame of PCM (at most <see cref="AudioFormat.FrameBytes"/>), in a pooled buffer.</summary>
    public void Add(ReadOnlySpan<byte> pcm)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pcm.Length, AudioFormat.FrameBytes);
        var buffer = _pool.Rent();
        pcm.CopyTo(buffer);
        _frames.Enqueue((buffer, pcm.Length));
        Interlocked.Increment(ref _pending);
        _encoder.CountPending(1);
        Schedule();
    }

    /// <summary>Waits for the last frame to be encoded and returns the whole file, positioned at its start.</summary>
    public async Task<Stream> FinishAsync()
    {
        _completing = true;
        // On a finishing thread, whether or not a low-priority one has it queued: one drains at a time (the lock),
        // and whichever comes second finds the file finished.
        _encoder.ScheduleFinish(this);
        // Ends as cancelled by itself when the token is cancelled: the encoder thread sees it and stops.
        await _finished.Task;
        _file.Position = 0;
        return _file;
    }

    public async ValueTask DisposeAsync()
    {
        // Disposed before it was finished (the ritual failed): what is still queued is thrown away, not encoded.
        _abandoned = !_finished.Task.IsCompleted;
        _completing = true;
        // The session waits for this too (a failed ritual is refunded after it), so not behind the low-priority work.
        if (_abandoned)
        {
            _encoder.ScheduleFinish(this);
        }

        // Cancelled or failed, the file is thrown away: how it ended was reported by FinishAsync, if anyone asked.
        await _finished.Task.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        lock (_drain)
        {
            _ogg.Dispose();
            // What a cancel left unencoded goes back too, and out of the encoder's count.
            while (_frames.TryDequeue(out var frame))
            {
                _pool.Return(frame.Buffer);
                Interlocked.Decrement(ref _pending);
                _encoder.CountPending(-1);
            }
        }

        await _file.DisposeAsync();
    }

    /// <summary>Encodes what is queued; runs on an encoder thread, for one recording at a time.</summary>
    /// <param name="finishing">
    /// On a finishing thread: goes on to the end of the file. A low-priority thread lets go as soon as the finish is
    /// asked for, rather than keep the finishing thread waiting on the lock at its own low priority.
    /// </param>
    internal void Drain(bool finishing)
    {
        var encoded = 0;
        lock (_drain)
        {
            try
            {
                while (!_finished.Task.IsCompleted)
                {
                    if (_cancellation.IsCancellationRequested || _abandoned)
                    {
                        _finished.TrySetCanceled(_cancellation);
                        break;
                    }

                    if (_completing && !finishing)
                    {
                        break;
                    }

                    if (_frames.TryDequeue(out var frame))
                    {
                        _ogg.WriteAsync(frame.Buffer.AsMemory(0, frame.Length), CancellationToken.None).AsTask().GetAwaiter().GetResult();
                        _pool.Return(frame.Buffer);
                        // This recording's count goes down frame by frame (its session waits on it); the silo's
                        // count, shared by every encoding thread, once per drain.
                        Interlocked.Decrement(ref _pending);
                        encoded++;
                        continue;
                    }

                    if (_completing)
                    {
                        _ogg.CompleteAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
                        // Counted out before the file is handed over: whoever sees the ritual saved must see no frame
                        // of it still waiting (the telemetry test read the backlog in that gap on a loaded machine).
                        _encoder.CountPending(-encoded);
                        encoded = 0;
                        _finished.TrySetResult();
                    }

                    break;
                }
            }
            catch (Exception error)
            {
                _finished.TrySetException(error);
            }
            finally
            {
                _encoder.CountPending(-encoded);
                Volatile.Write(ref _scheduled, 0);
            }
        }

        // A frame that came in after the queue looked empty must not wait for the next one. Once the finish is asked
        // for, the finishing thread has it.
        if (!finishing && !_completing && !_finished.Task.IsCompleted && !_frames.IsEmpty)
        {
            Schedule();
        }
    }

    private void Schedule()
    {
        if (Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0)
        {
            _encoder.Schedule(this);
        }
    }
}
