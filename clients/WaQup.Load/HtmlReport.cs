using System.Globalization;
using System.Net;
using System.Text;

namespace WaQup.Load;

/// <summary>
/// Renders a run as one self-contained HTML file: inline CSS and SVG only, so it opens offline, can be attached
/// to a ticket, and nothing in it (a failure reason, the URL) can run as script.
/// </summary>
public sealed class HtmlReport
{
    private const string Css = """
        body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2330; margin: 24px auto; max-width: 1000px; padding: 0 16px; }
        h1 { font-size: 22px; margin: 0 0 4px; }
        h2 { font-size: 16px; margin: 28px 0 6px; }
        .meta { color: #5a6275; margin: 0 0 16px; }
        .meta code { color: #1d2330; }
        table { border-collapse: collapse; margin: 8px 0; }
        th, td { padding: 4px 12px; border-bottom: 1px solid #e3e6ee; text-align: right; }
        th:first-child, td:first-child { text-align: left; }
        thead th { background: #f4f6fa; }
        .bad { color: #b42318; font-weight: 600; }
        ul.failures { font-family: ui-monospace, monospace; font-size: 12px; }
        svg { width: 100%; height: auto; background: #fff; border: 1px solid #e3e6ee; }
        svg .grid { stroke: #eceef3; }
        svg .axis { stroke: #5a6275; }
        svg .tick { font-size: 11px; fill: #5a6275; }
        svg .axis-label { font-size: 12px; fill: #1d2330; }
        svg .legend { font-size: 12px; font-weight: 600; }
        svg .bar { fill: #4e79a7; }
        svg .no-data { font-size: 14px; fill: #9aa1b1; }
        """;

    private readonly StringBuilder _html = new();

    private HtmlReport()
    {
    }

    /// <summary>The whole report as one HTML document.</summary>
    public static string Render(LoadSummary summary, Uri url, DateTimeOffset startedAt)
    {
        var report = new HtmlReport();
        report.Head(url);
        report.Header(summary, url, startedAt);
        report.Figures(summary);
        report.Charts(summary);
        report.Failures(summary);
        report._html.Append("</body></html>\n");
        return report._html.ToString();
    }

    public static async Task WriteAsync(LoadSummary summary, LoadOptions options, DateTimeOffset startedAt, string path, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        await File.WriteAllTextAsync(path, Render(summary, options.Url, startedAt), cancellationToken);
    }

    private void Head(Uri url)
    {
        _html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        _html.Append($"<title>waQup load report – {Encode(url.ToString())}</title>");
        _html.Append("<style>").Append(Css).Append("</style></head><body>\n");
    }

    private void Header(LoadSummary summary, Uri url, DateTimeOffset startedAt)
    {
        _html.Append("<h1>waQup load report</h1>\n");
        _html.Append(Invariant($"<p class=\"meta\">URL <code>{Encode(url.ToString())}</code> · {summary.Sessions:#,0} sessions · {summary.DurationS:#,0.0} s · {startedAt:yyyy-MM-dd HH:mm:ss zzz}</p>\n"));
    }

    private void Figures(LoadSummary summary)
    {
        var errors = summary.Errors.Values.Sum();
        _html.Append("<h2>Key figures</h2>\n<table class=\"figures\"><tbody>\n");
        Row("Turns", Invariant($"{summary.Turns:#,0}"), bad: false);
        Row("Rituals created", Invariant($"{summary.RitualsCreated:#,0} ({summary.RitualsPerMinute:0.0} a minute)"), bad: false);
        Row("Refused as overloaded", Invariant($"{summary.RitualsRefused:#,0} ({summary.RefusedShare:P1} of ritual requests; asked again after {summary.RefusedRetryAfterMeanMs:#,0} ms on average)"), bad: false);
        Row("Errors", Invariant($"{errors:#,0}"), bad: errors > 0);
        foreach (var (code, count) in summary.Errors)
        {
            Row($"errors: {code}", Invariant($"{count:#,0}"), bad: count > 0);
        }

        Row("Failed sessions", Invariant($"{summary.FailedSessions:#,0}"), bad: summary.FailedSessions > 0);
        Row("Late-frame ratio", Invariant($"{summary.LateFrameRatio:P2} ({summary.LateFrames:#,0} of {summary.Frames:#,0} frames)"), bad: summary.LateFrames > 0);
        var voice = summary.Voice;
        if (voice.Utterances > 0)
        {
            Row("Utterances heard", Invariant($"{voice.Utterances:#,0}"), bad: false);
            Row("Transcripts as said", Invariant($"{voice.TranscriptsAsSaid:#,0} of {voice.TranscriptsKnown:#,0} known ({voice.WordErrorRate:P1} word errors)"), bad: voice.TranscriptsAsSaid < voice.TranscriptsKnown);
            Row("Empty transcripts", Invariant($"{voice.EmptyTranscripts:#,0}"), bad: voice.EmptyTranscripts > 0);
            Row("Extra transcripts", Invariant($"{voice.ExtraTranscripts:#,0}"), bad: voice.ExtraTranscripts > 0);
            Row("Misheard requests or answers", Invariant($"{voice.Misheard:#,0}"), bad: voice.Misheard > 0);
        }

        _html.Append("</tbody></table>\n");

        _html.Append("<table class=\"latency\"><thead><tr><th>Latency (ms)</th><th>p50</th><th>p90</th><th>p99</th><th>max</th><th>count</th></tr></thead><tbody>\n");
        Latency("Turn", summary.TurnLatencyMs);
        Latency("Cancel", summary.CancelLatencyMs);
        Latency("Connect", summary.ConnectMs);
        if (summary.Voice.Utterances > 0)
        {
            Latency("End of speech → speech_stopped", summary.Voice.SpeechEndToStoppedMs);
            Latency("speech_stopped → final transcript", summary.Voice.StoppedToFinalMs);
            Latency("End of speech → final transcript", summary.Voice.SpeechEndToFinalMs);
            Latency("End of spoken yes → ritual audio", summary.Voice.SpeechEndToRitualAudioMs);
        }
        _html.Append("</tbody></table>\n");
    }

    private void Charts(LoadSummary summary)
    {
        var timeline = summary.Timeline;

        // A second without turns has no latency; plotting it as zero would draw a false dip.
        var answered = timeline.Where(p => p.TurnMaxMs > 0).ToList();
        _html.Append("<h2>Turn latency over time</h2>\n");
        _html.Append(SvgChart.Lines(
            "Turn latency per second",
            "time since start (s)",
            "turn latency (ms)",
            [
                new ChartSeries("p50", "#4e79a7", [.. answered.Select(p => (p.AtS, p.TurnP50Ms))]),
                new ChartSeries("p99", "#e15759", [.. answered.Select(p => (p.AtS, p.TurnP99Ms))]),
                new ChartSeries("max", "#b07aa1", [.. answered.Select(p => (p.AtS, p.TurnMaxMs))]),
            ]));

        _html.Append("\n<h2>Turn latency histogram</h2>\n");
        _html.Append(SvgChart.Bars("Turn latency histogram", "turn latency (ms, log scale)", "turns", summary.TurnLatencyHistogram));

        _html.Append("\n<h2>Active sessions over time</h2>\n");
        _html.Append(SvgChart.Lines(
            "Active sessions",
            "time since start (s)",
            "active sessions",
            [new ChartSeries("active", "#59a14f", [.. timeline.Select(p => (p.AtS, (double)p.ActiveSessions))])]));
        _html.Append('\n');
    }

    private void Failures(LoadSummary summary)
    {
        List("failures", Invariant($"Failures (first {summary.Failures.Count} of {summary.FailedSessions:#,0})"), summary.Failures);
        List("failures", Invariant($"Misheard (first {summary.Voice.Mishearings.Count})"), summary.Voice.Mishearings);
    }

    private void List(string cssClass, string heading, IReadOnlyList<string> items)
    {
        if (items.Count == 0)
        {
            return;
        }

        _html.Append("<h2>").Append(Encode(heading)).Append("</h2>\n<ul class=\"").Append(cssClass).Append("\">\n");
        foreach (var item in items)
        {
            _html.Append("<li>").Append(Encode(item)).Append("</li>\n");
        }

        _html.Append("</ul>\n");
    }

    private void Row(string name, string value, bool bad) =>
        _html.Append($"<tr><th>{Encode(name)}</th><td{(bad ? " class=\"bad\"" : "")}>{Encode(value)}</td></tr>\n");

    private void Latency(string name, LatencyStats stats) =>
        _html.Append(Invariant($"<tr><th>{name}</th><td>{stats.P50:#,0.0}</td><td>{stats.P90:#,0.0}</td><td class=\"p99\">{stats.P99:#,0.0}</td><td>{stats.Max:#,0.0}</td><td>{stats.Count:#,0}</td></tr>\n"));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
