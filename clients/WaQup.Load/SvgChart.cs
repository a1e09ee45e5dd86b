using System.Globalization;
using System.Net;
using System.Text;

namespace WaQup.Load;

/// <summary>Draws the report's charts as inline SVG, so the report needs no script and no network to show them.</summary>
public sealed class SvgChart
{
    private const double Width = 960;
    private const double Height = 300;
    private const double Left = 72;
    private const double Right = 24;
    private const double Top = 16;
    private const double Bottom = 52;
    private const double PlotWidth = Width - Left - Right;
    private const double PlotHeight = Height - Top - Bottom;

    private readonly StringBuilder _svg = new();

    private SvgChart(string label)
    {
        _svg.Append(CultureInfo.InvariantCulture, $"<svg viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{Encode(label)}\">");
    }

    /// <summary>A line per series over a shared linear x axis starting at zero.</summary>
    public static string Lines(string label, string xLabel, string yLabel, IReadOnlyList<ChartSeries> series)
    {
        var chart = new SvgChart(label);
        var points = series.SelectMany(s => s.Points).ToList();
        var xMax = Math.Max(1, points.Count == 0 ? 0 : points.Max(p => p.X));
        var yMax = points.Count == 0 ? 1 : points.Max(p => p.Y);
        var xTicks = NiceTicks(xMax);
        var yTicks = NiceTicks(yMax);
        xMax = xTicks[^1];
        yMax = yTicks[^1];
        chart.Grid(yTicks, yMax);
        foreach (var tick in xTicks)
        {
            chart.XTick(Left + (tick / xMax * PlotWidth), Format(tick));
        }

        chart.Axes(xLabel, yLabel);
        if (points.Count == 0)
        {
            chart.NoData();
        }

        foreach (var line in series.Where(s => s.Points.Count > 0))
        {
            var coordinates = string.Join(' ', line.Points.Select(p => Invariant($"{Left + (p.X / xMax * PlotWidth):0.#},{Top + PlotHeight - (p.Y / yMax * PlotHeight):0.#}")));
            chart._svg.Append(CultureInfo.InvariantCulture, $"<polyline class=\"series\" fill=\"none\" stroke=\"{line.Color}\" stroke-width=\"2\" points=\"{coordinates}\"/>");
        }

        chart.Legend(series);
        return chart.Close();
    }

    /// <summary>One bar per bucket, all the same width, so log-spaced buckets read as a log axis.</summary>
    public static string Bars(string label, string xLabel, string yLabel, IReadOnlyList<LatencyBucket> buckets)
    {
        var chart = new SvgChart(label);
        var yTicks = NiceTicks(buckets.Count == 0 ? 1 : buckets.Max(b => b.Count));
        var yMax = yTicks[^1];
        chart.Grid(yTicks, yMax);
        if (buckets.Count == 0)
        {
            chart.XTick(Left, "0");
            chart.Axes(xLabel, yLabel);
            chart.NoData();
            return chart.Close();
        }

        var barWidth = PlotWidth / buckets.Count;

        // At most about a dozen edge labels, or they overlap.
        var every = (int)Math.Ceiling(buckets.Count / 12.0);
        for (var i = 0; i < buckets.Count; i++)
        {
            var bucket = buckets[i];
            var height = bucket.Count / yMax * PlotHeight;
            var x = Left + (i * barWidth);
            chart._svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar\" x=\"{x:0.#}\" y=\"{Top + PlotHeight - height:0.#}\" width=\"{Math.Max(1, barWidth - 1):0.#}\" height=\"{height:0.#}\"><title>{Format(bucket.FromMs)}–{Format(bucket.ToMs)} ms: {bucket.Count}</title></rect>");
            if (i % every == 0)
            {
                chart.XTick(x, Format(TwoFigures(bucket.FromMs)));
            }
        }

        // The closing edge only where the labels' rhythm puts one, or it collides with the label before it.
        if (buckets.Count % every == 0)
        {
            chart.XTick(Left + PlotWidth, Format(TwoFigures(buckets[^1].ToMs)));
        }
        chart.Axes(xLabel, yLabel);
        return chart.Close();
    }

    /// <summary>Round tick values from zero up to at least <paramref name="max"/>, about five of them.</summary>
    public static IReadOnlyList<double> NiceTicks(double max)
    {
        if (!(max > 0) || !double.IsFinite(max))
        {
            max = 1;
        }

        var rough = max / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var step = new[] { 1, 2, 2.5, 5, 10 }.Select(m => m * magnitude).First(s => s >= rough);
        var ticks = new List<double>();
        for (var i = 0; ; i++)
        {
            var tick = Math.Round(i * step, 9);
            ticks.Add(tick);
            if (tick >= max)
            {
                return ticks;
            }
        }
    }

    private void Grid(IReadOnlyList<double> yTicks, double yMax)
    {
        foreach (var tick in yTicks)
        {
            var y = Top + PlotHeight - (tick / yMax * PlotHeight);
            _svg.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{Left}\" x2=\"{Left + PlotWidth}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\"/>");
            _svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick y-tick\" x=\"{Left - 8}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{Format(tick)}</text>");
        }
    }

    private void XTick(double x, string text)
    {
        var bottom = Top + PlotHeight;
        _svg.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{x:0.#}\" x2=\"{x:0.#}\" y1=\"{bottom}\" y2=\"{bottom + 5}\"/>");
        _svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick x-tick\" x=\"{x:0.#}\" y=\"{bottom + 18}\" text-anchor=\"middle\">{Encode(text)}</text>");
    }

    private void Axes(string xLabel, string yLabel)
    {
        var bottom = Top + PlotHeight;
        _svg.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{Left}\" x2=\"{Left + PlotWidth}\" y1=\"{bottom}\" y2=\"{bottom}\"/>");
        _svg.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{Left}\" x2=\"{Left}\" y1=\"{Top}\" y2=\"{bottom}\"/>");
        _svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis-label x-label\" x=\"{Left + (PlotWidth / 2)}\" y=\"{Height - 8}\" text-anchor=\"middle\">{Encode(xLabel)}</text>");
        _svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis-label y-label\" transform=\"translate(16 {Top + (PlotHeight / 2)}) rotate(-90)\" text-anchor=\"middle\">{Encode(yLabel)}</text>");
    }

    private void Legend(IReadOnlyList<ChartSeries> series)
    {
        var x = Left + PlotWidth - 10;
        foreach (var line in series.Reverse())
        {
            _svg.Append(CultureInfo.InvariantCulture, $"<text class=\"legend\" x=\"{x:0.#}\" y=\"{Top + 14}\" text-anchor=\"end\" fill=\"{line.Color}\">■ {Encode(line.Name)}</text>");
            x -= 28 + (9 * line.Name.Length);
        }
    }

    private void NoData() =>
        _svg.Append(CultureInfo.InvariantCulture, $"<text class=\"no-data\" x=\"{Left + (PlotWidth / 2)}\" y=\"{Top + (PlotHeight / 2)}\" text-anchor=\"middle\">no data</text>");

    private string Close() => _svg.Append("</svg>").ToString();

    private static string Format(double value) => value.ToString("#,0.##", CultureInfo.InvariantCulture);

    /// <summary>Log-spaced edges such as 158.49 read better as 160; the tooltip keeps the exact edges.</summary>
    private static double TwoFigures(double value)
    {
        if (value <= 0)
        {
            return value;
        }

        var scale = Math.Pow(10, Math.Floor(Math.Log10(value)) - 1);
        return Math.Round(value / scale) * scale;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
