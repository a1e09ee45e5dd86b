using System.Text.RegularExpressions;
using HdrHistogram;
using WaQup.Load;

namespace WaQup.Tests.Load;

/// <summary>The HTML report: one offline document, three labelled charts, and nothing from the run able to run as markup.</summary>
public sealed partial class HtmlReportTests
{
    private const string Attack = "<script>alert(1)</script>";
    private static readonly Uri Url = new("http://load.example.test:8080/");

    [Fact]
    public void The_report_is_one_html_document_that_loads_nothing_from_anywhere()
    {
        var html = Render();

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(html, "<html[ >]"));
        Assert.Single(Regex.Matches(html, "</html>"));
        Assert.Single(Regex.Matches(html, "<style>"));
        foreach (var external in new[] { "<script", "src=", "href=", "<link", "@import", "url(", "<iframe", "<img" })
        {
            Assert.DoesNotContain(external, html, StringComparison.OrdinalIgnoreCase);
        }

        // The run's URL is the only web address in the report, and only as text.
        var withoutUrl = html.Replace(Url.ToString(), "", StringComparison.Ordinal);
        Assert.NotEqual(html, withoutUrl);
        Assert.DoesNotContain("http", withoutUrl, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void There_are_three_charts_each_with_both_axes_labelled_with_units_and_ticks()
    {
        var charts = SvgElement().Matches(Render()).Select(m => m.Value).ToList();

        Assert.Equal(3, charts.Count);
        string[][] expected =
        [
            ["time since start (s)", "turn latency (ms)"],
            ["turn latency (ms, log scale)", "turns"],
            ["time since start (s)", "active sessions"],
        ];
        for (var i = 0; i < charts.Count; i++)
        {
            Assert.Equal(expected[i][0], Label(charts[i], "x-label"));
            Assert.Equal(expected[i][1], Label(charts[i], "y-label"));
            Assert.True(Regex.Matches(charts[i], "class=\"tick x-tick\"").Count >= 3, $"chart {i} has too few x ticks");
            Assert.True(Regex.Matches(charts[i], "class=\"tick y-tick\"").Count >= 3, $"chart {i} has too few y ticks");
        }
    }

    [Fact]
    public void A_failure_reason_is_shown_as_text_not_markup()
    {
        var html = Render();

        Assert.Contains("CancelMidSpeech: server said &lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain(Attack, html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_turn_p99_is_in_the_key_figures()
    {
        var html = Render();

        Assert.Matches("<tr><th>Turn</th>.*<td class=\"p99\">4,321.5</td>", html);
    }

    [Fact]
    public void The_latency_plot_draws_one_point_per_second_that_had_turns()
    {
        var latencyChart = SvgElement().Matches(Render())[0].Value;
        var lines = Regex.Matches(latencyChart, "<polyline[^>]*points=\"([^\"]*)\"").Select(m => m.Groups[1].Value.Split(' ').Length).ToList();

        // Three lines (p50, p99, max); second 3 had no turns and must not be drawn as a dip to zero.
        Assert.Equal([4, 4, 4], lines);
    }

    [Fact]
    public void Histogram_buckets_hold_every_value_and_are_contiguous()
    {
        var histogram = new LongHistogram(1, 3_600_000_000, 3);
        for (var ms = 1; ms <= 2000; ms++)
        {
            histogram.RecordValue(ms * 1000L);
        }

        var buckets = LatencyStats.Buckets(histogram);

        Assert.Equal(2000, buckets.Sum(b => b.Count));
        Assert.True(buckets[0].FromMs <= 1);
        Assert.True(buckets[^1].ToMs >= 2000);
        for (var i = 1; i < buckets.Count; i++)
        {
            Assert.Equal(buckets[i - 1].ToMs, buckets[i].FromMs);
        }
    }

    [Fact]
    public void The_turn_window_holds_only_turns_since_it_was_last_taken()
    {
        var metrics = new LoadMetrics();
        metrics.TurnAnswered(System.Diagnostics.Stopwatch.GetTimestamp());
        metrics.TurnAnswered(System.Diagnostics.Stopwatch.GetTimestamp());

        Assert.Equal(2, metrics.TakeTurnWindow().Count);
        Assert.Equal(0, metrics.TakeTurnWindow().Count);
        metrics.TurnAnswered(System.Diagnostics.Stopwatch.GetTimestamp());
        Assert.Equal(1, metrics.TakeTurnWindow().Count);
        Assert.Equal(3, metrics.TurnLatency().Count);
    }

    private static string Render() => HtmlReport.Render(Summary(), Url, new DateTimeOffset(2025, 5, 1, 12, 0, 0, TimeSpan.Zero));

    private static LoadSummary Summary()
    {
        var histogram = new LongHistogram(1, 3_600_000_000, 3);
        for (var ms = 100; ms <= 4000; ms += 7)
        {
            histogram.RecordValue(ms * 1000L);
        }

        return new LoadSummary
        {
            Sessions = 40,
            DurationS = 5.2,
            Turns = 557,
            Errors = new Dictionary<string, long> { ["rate_limited"] = 3 },
            FailedSessions = 1,
            TurnLatencyMs = new LatencyStats(850.25, 2100.5, 4321.5, 4400, 1000, 557),
            TurnLatencyHistogram = LatencyStats.Buckets(histogram),
            CancelLatencyMs = new LatencyStats(40, 60, 90, 120, 45, 12),
            ConnectMs = new LatencyStats(5, 8, 12, 20, 6, 40),
            LateFrameRatio = 0.0125,
            Frames = 800,
            LateFrames = 10,
            Failures = [$"CancelMidSpeech: server said {Attack}"],
            Timeline =
            [
                new TimelinePoint(1, 10, 50, 700, 1200, 1300, 0, 0),
                new TimelinePoint(2, 25, 180, 800, 2500, 2600, 1, 0),
                new TimelinePoint(3, 40, 180, 0, 0, 0, 1, 0),
                new TimelinePoint(4, 40, 400, 900, 4300, 4400, 3, 1),
                new TimelinePoint(5.2, 0, 557, 850, 3000, 3100, 3, 1),
            ],
        };
    }

    private static string Label(string svg, string axis)
    {
        var match = Regex.Match(svg, $"class=\"axis-label {axis}\"[^>]*>([^<]+)</text>");
        Assert.True(match.Success, $"no {axis} in chart");
        return System.Net.WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    [GeneratedRegex("<svg[ >].*?</svg>", RegexOptions.Singleline)]
    private static partial Regex SvgElement();
}
