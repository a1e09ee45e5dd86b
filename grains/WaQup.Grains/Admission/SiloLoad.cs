using WaQup.Grains.Sessions;
using WaQup.Grains.Sessions.Production;

namespace WaQup.Grains.Admission;

/// <summary>
/// Reads the encoder's backlog, and measures scheduling lag with a heartbeat on the thread pool: a tick that comes
/// late says the silo's threads wait for a core. The lag decays, so one long garbage collection does not refuse
/// rituals for long, while steady lateness keeps it up.
/// </summary>
public sealed class SiloLoad : ISiloLoad, IDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(100);

    private readonly RecordingEncoder _recordings;
    private readonly TimeProvider _clock;
    private readonly ITimer _heartbeat;
    private long _lastTick;
    private double _lagMs;

    public SiloLoad(RecordingEncoder recordings, TimeProvider clock)
    {
        _recordings = recordings;
        _clock = clock;
        _lastTick = clock.GetTimestamp();
        _heartbeat = clock.CreateTimer(_ => Tick(), null, Period, Period);
    }

    public long EncoderBacklogFrames => _recordings.PendingFrames;

    public double SchedulerLagMs => Volatile.Read(ref _lagMs);

    public void Dispose() => _heartbeat.Dispose();

    private void Tick()
    {
        var now = _clock.GetTimestamp();
        var late = Math.Max(0, (_clock.GetElapsedTime(Interlocked.Exchange(ref _lastTick, now), now) - Period).TotalMilliseconds);
        // Ticks never overlap enough to matter; a lost update only delays the decay by one tick.
        Volatile.Write(ref _lagMs, Math.Max(late, _lagMs * 0.7));
    }
}
