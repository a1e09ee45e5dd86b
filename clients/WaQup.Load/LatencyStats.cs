using HdrHistogram;

namespace WaQup.Load;

/// <summary>Percentiles of one latency histogram, in milliseconds.</summary>
public sealed record LatencyStats(double P50, double P90, double P99, double Max, double Mean, long Count)
{
    public static LatencyStats Empty { get; } = new(0, 0, 0, 0, 0, 0);

    /// <summary>Reads a histogram recorded in microseconds.</summary>
    public static LatencyStats From(HistogramBase microseconds)
    {
        if (microseconds.TotalCount == 0)
        {
            return Empty;
        }

        return new LatencyStats(
            Ms(microseconds.GetValueAtPercentile(50)),
            Ms(microseconds.GetValueAtPercentile(90)),
            Ms(microseconds.GetValueAtPercentile(99)),
            Ms(microseconds.GetMaxValue()),
            Math.Round(microseconds.GetMean() / 1000.0, 3),
            microseconds.TotalCount);
    }

    /// <summary>
    /// Counts a histogram recorded in microseconds into buckets spaced evenly on a log scale, from the smallest
    /// value to the largest, because latencies spread over decades and linear buckets would hide the tail.
    /// </summary>
    public static IReadOnlyList<LatencyBucket> Buckets(HistogramBase microseconds, int perDecade = 10)
    {
        if (microseconds.TotalCount == 0)
        {
            return [];
        }

        var values = microseconds.RecordedValues().Select(v => (Ms: v.ValueIteratedTo / 1000.0, Count: v.CountAddedInThisIterationStep)).ToList();
        var first = (int)Math.Floor(Math.Log10(values[0].Ms) * perDecade);
        var last = (int)Math.Ceiling(Math.Log10(values[^1].Ms) * perDecade);
        if (last <= first)
        {
            last = first + 1;
        }

        var counts = new long[last - first];
        foreach (var (ms, count) in values)
        {
            var index = (int)Math.Ceiling(Math.Log10(ms) * perDecade) - first - 1;
            counts[Math.Clamp(index, 0, counts.Length - 1)] += count;
        }

        return [.. counts.Select((count, i) => new LatencyBucket(Edge(first + i, perDecade), Edge(first + i + 1, perDecade), count))];
    }

    private static double Edge(int step, int perDecade) => Math.Round(Math.Pow(10, (double)step / perDecade), 3);

    private static double Ms(long microseconds) => Math.Round(microseconds / 1000.0, 3);
}
