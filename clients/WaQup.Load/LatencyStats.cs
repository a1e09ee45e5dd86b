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

    private static double Ms(long microseconds) => Math.Round(microseconds / 1000.0, 3);
}
