using Microsoft.Extensions.Time.Testing;

namespace WaQup.Tests.Admission;

/// <summary>
/// A fake clock whose timers can be held back, as on a silo whose threads wait for a core: a timer that falls due while
/// the clock is stalled runs once, late, when it resumes. (A <see cref="FakeTimeProvider"/> alone runs every timer at
/// the very moment it falls due, so it cannot show lateness.)
/// </summary>
public sealed class StallingClock : TimeProvider
{
    private readonly FakeTimeProvider _time = new();
    private Action? _held;
    private bool _stalled;

    public override DateTimeOffset GetUtcNow() => _time.GetUtcNow();

    public override long GetTimestamp() => _time.GetTimestamp();

    public override long TimestampFrequency => _time.TimestampFrequency;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        _time.CreateTimer(
            s =>
            {
                if (_stalled)
                {
                    _held = () => callback(s);
                }
                else
                {
                    callback(s);
                }
            },
            state,
            dueTime,
            period);

    /// <summary>Moves time on; every timer due meanwhile runs on time.</summary>
    public void Advance(TimeSpan delta) => _time.Advance(delta);

    /// <summary>Moves time on while no timer gets to run, then runs the one that fell due, that much late.</summary>
    public void Stall(TimeSpan delta)
    {
        _stalled = true;
        _time.Advance(delta);
        _stalled = false;
        var held = _held;
        _held = null;
        held?.Invoke();
    }
}
