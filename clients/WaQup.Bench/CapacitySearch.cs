namespace WaQup.Bench;

/// <summary>
/// How many rituals at once a voice sustains: the session counts tried (growing by half steps), when to stop, and the verdict read
/// from the steps. A ritual "keeps pace" when it arrives at <see cref="PaceShare"/> of the pace or faster (the pacer's
/// ceiling is the pace itself, so a ritual delivered exactly at pace measures a little under or over it); under 1× a
/// listener hears gaps.
/// </summary>
public static class CapacitySearch
{
    /// <summary>The share of the pace a delivery rate may fall short by and still count as keeping it.</summary>
    public const double PaceShare = 0.95;

    /// <summary>1, 2, 3, 4, 6, 8, 12, 16, ... (each power of two and one and a half times it) up to <paramref name="max"/>, and <paramref name="max"/> itself.</summary>
    public static IReadOnlyList<int> Steps(int max)
    {
        var steps = new SortedSet<int>();
        for (var n = 1; n < max; n *= 2)
        {
            steps.Add(n);
            steps.Add(Math.Min(max, n * 3 / 2));
        }

        steps.Add(max);
        return [.. steps];
    }

    /// <summary>Whether a bigger step is worth trying: not once the median ritual has fallen under real time.</summary>
    public static bool Continue(CapacityStep step) => step.Rate.Median >= 1;

    public static CapacityVerdict Judge(IReadOnlyList<CapacityStep> steps, double pace)
    {
        var ordered = steps.OrderBy(s => s.Sessions).ToList();
        var keeps = pace * PaceShare;
        return new CapacityVerdict(
            LastBefore(ordered, s => s.Rate.Median < keeps),
            LastBefore(ordered, s => s.Rate.Min < keeps),
            ordered.FirstOrDefault(s => s.Rate.Median < 1)?.Sessions,
            ordered.FirstOrDefault(s => s.Rate.Min < 1)?.Sessions);
    }

    /// <summary>
    /// The largest count before the first step that <paramref name="fails"/>: a step further up that passed again is the
    /// machine's noise, not capacity.
    /// </summary>
    private static int? LastBefore(List<CapacityStep> ordered, Func<CapacityStep, bool> fails)
    {
        int? last = null;
        foreach (var step in ordered)
        {
            if (fails(step))
            {
                break;
            }

            last = step.Sessions;
        }

        return last;
    }
}
