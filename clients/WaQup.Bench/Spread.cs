using System.Globalization;

namespace WaQup.Bench;

/// <summary>The median of some measurements and their range: how the suite reports a figure measured more than once.</summary>
public readonly record struct Spread(double Median, double Min, double Max, int Count)
{
    public static Spread Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return new Spread(0, 0, 0, 0);
        }

        var median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        return new Spread(median, sorted[0], sorted[^1], sorted.Count);
    }

    /// <summary>"41 (38–44)" in <paramref name="format"/> with <paramref name="unit"/> after each: the median, then the range.</summary>
    public string Format(string format, string unit = "") =>
        Count <= 1
            ? Median.ToString(format, CultureInfo.InvariantCulture) + unit
            : $"{Median.ToString(format, CultureInfo.InvariantCulture)}{unit} ({Min.ToString(format, CultureInfo.InvariantCulture)}–{Max.ToString(format, CultureInfo.InvariantCulture)}{unit})";
}
