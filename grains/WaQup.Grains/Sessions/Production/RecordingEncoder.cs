using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace WaQup.Grains.Sessions.Production;

/// <summary>
/// Encodes saved rituals on dedicated threads that run at a lower CPU priority than everything else. Opus costs more
/// than anything else per frame; when the machine is short of CPU, live audio must reach its listeners on time and
/// the library copy may be finished a little later.
/// </summary>
/// <remarks>
/// A recording whose audio has ended goes to the finishing threads, at normal priority: its session waits for the
/// file, saying nothing, and what is left is short (the session holds its audio back when the backlog grows). On the
/// low-priority threads alone, a saturated machine left rituals unsaved for 40 s and more after their audio ended.
/// </remarks>
public sealed class RecordingEncoder : IDisposable
{
    /// <summary>The nice value of the encoding threads (Linux): 10 gives them about a tenth of a contended core.</summary>
    public const int Niceness = 10;

    private readonly BlockingCollection<RitualRecording> _ready = [];
    private readonly BlockingCollection<RitualRecording> _finishing = [];
    private readonly Thread[] _workers;
    private long _pendingFrames;

    public RecordingEncoder()
        : this(Math.Max(1, Environment.ProcessorCount))
    {
    }

    /// <param name="threads">
    /// Low-priority threads, and as many finishing ones (at least one). With 0 nothing is encoded while the audio
    /// streams: each file is made in one go when its audio ends (tests use it to hold a backlog).
    /// </param>
    public RecordingEncoder(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        _workers =
        [
            .. Enumerable.Range(0, threads).Select(i => new Thread(() => Work(_ready, lowPriority: true)) { IsBackground = true, Name = $"waqup-recording-{i}" }),
            .. Enumerable.Range(0, Math.Max(1, threads)).Select(i => new Thread(() => Work(_finishing, lowPriority: false)) { IsBackground = true, Name = $"waqup-finishing-{i}" }),
        ];
        foreach (var worker in _workers)
        {
            worker.Start();
        }
    }

    /// <summary>Frames of every recording on this encoder that are waiting to be encoded.</summary>
    public long PendingFrames => Interlocked.Read(ref _pendingFrames);

    internal void CountPending(int frames) => Interlocked.Add(ref _pendingFrames, frames);

    /// <summary>Queues a recording that has frames to encode; it is drained by one thread at a time.</summary>
    internal void Schedule(RitualRecording recording) => _ready.Add(recording);

    /// <summary>Queues a recording whose audio has ended, ahead of the low-priority work.</summary>
    internal void ScheduleFinish(RitualRecording recording) => _finishing.Add(recording);

    public void Dispose()
    {
        _ready.CompleteAdding();
        _finishing.CompleteAdding();
        foreach (var worker in _workers)
        {
            worker.Join(TimeSpan.FromSeconds(5));
        }

        _ready.Dispose();
        _finishing.Dispose();
    }

    private static void Work(BlockingCollection<RitualRecording> queue, bool lowPriority)
    {
        if (lowPriority)
        {
            LowerPriority();
        }

        foreach (var recording in queue.GetConsumingEnumerable())
        {
            recording.Drain(finishing: !lowPriority);
        }
    }

    private static void LowerPriority()
    {
        // .NET ignores Thread.Priority on Linux; a thread's own nice value is set through its thread id.
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            _ = SetPriority(0, GetThreadId(), Niceness);
        }
        catch (Exception error) when (error is DllNotFoundException or EntryPointNotFoundException)
        {
        }
    }

    [DllImport("libc", EntryPoint = "setpriority")]
    private static extern int SetPriority(int which, int who, int priority);

    [DllImport("libc", EntryPoint = "gettid")]
    private static extern int GetThreadId();
}
