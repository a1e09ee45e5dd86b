using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace WaQup.Grains.Sessions;

/// <summary>
/// Encodes saved rituals on dedicated threads that run at a lower CPU priority than everything else. Opus costs more
/// than anything else per frame; when the machine is short of CPU, live audio must reach its listeners on time and
/// the library copy may be finished a little later.
/// </summary>
public sealed class RecordingEncoder : IDisposable
{
    /// <summary>The nice value of the encoding threads (Linux): 10 gives them about a tenth of a contended core.</summary>
    public const int Niceness = 10;

    private readonly BlockingCollection<RitualRecording> _ready = [];
    private readonly Thread[] _workers;

    public RecordingEncoder()
        : this(Math.Max(1, Environment.ProcessorCount))
    {
    }

    public RecordingEncoder(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        _workers = [.. Enumerable.Range(0, threads).Select(i => new Thread(Work) { IsBackground = true, Name = $"waqup-recording-{i}" })];
        foreach (var worker in _workers)
        {
            worker.Start();
        }
    }

    /// <summary>Queues a recording that has frames to encode; it is drained by one thread at a time.</summary>
    internal void Schedule(RitualRecording recording) => _ready.Add(recording);

    public void Dispose()
    {
        _ready.CompleteAdding();
        foreach (var worker in _workers)
        {
            worker.Join(TimeSpan.FromSeconds(5));
        }

        _ready.Dispose();
    }

    private void Work()
    {
        LowerPriority();
        foreach (var recording in _ready.GetConsumingEnumerable())
        {
            recording.Drain();
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
