namespace WaQup.Bench;

/// <summary>
/// What the capacity steps say: the most rituals at once whose median (and slowest) kept pace, and the fewest at which the
/// median (and slowest) fell under real time; null when no step showed it.
/// </summary>
public sealed record CapacityVerdict(int? MedianKeepsPace, int? SlowestKeepsPace, int? MedianUnderRealTime, int? SlowestUnderRealTime);
