using System.Text.Json.Nodes;
using HdrHistogram;
using WaQup.Load;

namespace WaQup.Tests.Load;

/// <summary>The JSON summary: the fields that other tools read, in snake_case, and percentiles in milliseconds.</summary>
public sealed class LoadSummaryTests
{
    public static readonly string[] RequiredFields =
        ["sessions", "duration_s", "turns", "errors", "failed_sessions", "turn_latency_ms", "cancel_latency_ms", "connect_ms", "late_frame_ratio"];

    [Fact]
    public void The_summary_has_every_required_field_with_percentiles_for_each_latency()
    {
        var metrics = new LoadMetrics();
        metrics.Error("rate_limited");
        metrics.Error("rate_limited");
        metrics.Error("internal");
        metrics.Frame(late: false);
        metrics.Frame(late: false);
        metrics.Frame(late: false);
        metrics.Frame(late: true);
        metrics.SessionFailed("CancelMidSpeech: timed out");

        var json = JsonNode.Parse(metrics.Summarize(12, TimeSpan.FromSeconds(30.5), []).ToJson())!.AsObject();

        foreach (var field in RequiredFields)
        {
            Assert.True(json.ContainsKey(field), $"missing {field}");
        }

        Assert.Equal(12, (int)json["sessions"]!);
        Assert.Equal(30.5, (double)json["duration_s"]!);
        Assert.Equal(2, (long)json["errors"]!["rate_limited"]!);
        Assert.Equal(1, (long)json["errors"]!["internal"]!);
        Assert.Equal(1, (long)json["failed_sessions"]!);
        Assert.Equal(0.25, (double)json["late_frame_ratio"]!);
        Assert.Equal("CancelMidSpeech: timed out", (string?)Assert.Single(json["failures"]!.AsArray()));
        foreach (var latency in new[] { "turn_latency_ms", "cancel_latency_ms", "connect_ms" })
        {
            foreach (var percentile in new[] { "p50", "p90", "p99", "max" })
            {
                Assert.Equal(0, (double)json[latency]![percentile]!);
            }
        }
    }

    [Fact]
    public void Percentiles_are_read_from_microseconds_and_reported_in_milliseconds()
    {
        var histogram = new LongHistogram(1, 3_600_000_000, 3);
        for (var ms = 1; ms <= 1000; ms++)
        {
            histogram.RecordValue(ms * 1000L);
        }

        var stats = LatencyStats.From(histogram);

        Assert.InRange(stats.P50, 499, 501);
        Assert.InRange(stats.P90, 899, 901);
        Assert.InRange(stats.P99, 989, 991);
        Assert.InRange(stats.Max, 999, 1001);
        Assert.Equal(1000, stats.Count);
    }
}
