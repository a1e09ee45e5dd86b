namespace WaQup.Providers.Simulated;

/// <summary>Item n is due at first + n × interval after the start, measured on the clock so waits never drift.</summary>
internal readonly struct SimulatedSchedule(double firstMs, double intervalMs, TimeProvider clock)
{
    private readonly long _start = clock.GetTimestamp();

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
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(remaining)), clock, cancellationToken).ConfigureAwait(false);
        }
    }

    private double ElapsedMs() => clock.GetElapsedTime(_start).TotalMilliseconds;
}
