namespace WaQup.Grains.Users;

/// <summary>
/// How much speech nobody pays for (greetings, questions, quotes) a person may still be given: a bucket of
/// milliseconds that refills at a steady rate up to its size. It bounds what one person can make a silo speak for
/// free, however many sessions they open.
/// </summary>
public sealed class UnpaidSpeechBudget(TimeSpan burst, TimeSpan perMinute, TimeProvider clock)
{
    private double _leftMs = burst.TotalMilliseconds;
    private long _filledAt = clock.GetTimestamp();

    /// <summary>Takes <paramref name="speech"/> from the budget if it is all there; otherwise takes nothing.</summary>
    public bool TryTake(TimeSpan speech)
    {
        var now = clock.GetTimestamp();
        _leftMs = Math.Min(burst.TotalMilliseconds, _leftMs + (clock.GetElapsedTime(_filledAt, now).TotalMinutes * perMinute.TotalMilliseconds));
        _filledAt = now;
        if (speech.TotalMilliseconds > _leftMs)
        {
            return false;
        }

        _leftMs -= speech.TotalMilliseconds;
        return true;
    }
}
