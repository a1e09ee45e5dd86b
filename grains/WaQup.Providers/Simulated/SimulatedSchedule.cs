using System.Diagnostics;

namespace WaQup.Providers.Simulated;

/// <summary>Item n is due at first + n × interval after the start, measured on the clock so waits never drift.</summary>
internal readonly struct SimulatedSchedule(double firstMs, double intervalMs)
{
    private readonly long _start = Stopwatch.GetTimestamp();

    public async ValueTask WaitForAsync(long index, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var dueMs = firstMs + (index * intervalMs);
        if (dueMs <= 0)
        {
            return;
        }

        // Timers run on a coarse tick and may wake a little early; loop until the clock agrees, so an item is never early.
        for (var remaining = dueMs - ElapsedMs(); remaining > 0; remaining = dueMs - ElapsedMs())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(remaining)), cancellationToken).ConfigureAwait(false);
        }
    }

    private double ElapsedMs() => Stopwatch.GetElapsedTime(_start).TotalMilliseconds;
}
