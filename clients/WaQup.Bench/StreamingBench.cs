using System.Diagnostics;

namespace WaQup.Bench;

/// <summary>(b) Sessions each streaming a ritual at real-time pace, judged by a player that needs every frame on time.</summary>
public static class StreamingBench
{
    private const string Request = "{\"type\":\"ritual.request\",\"kind\":\"meditation\",\"topic\":\"sleeping well\",\"duration_minutes\":3,\"confirm\":true}";

    public static async Task<IReadOnlyList<BenchRow>> RunAsync(BenchOptions options, Action<string> progress, CancellationToken cancellationToken)
    {
        var count = options.StreamingSessions;
        await using var silo = await SiloProcess.StartAsync(options, new Dictionary<string, string>(), cancellationToken);
        var stats = new BenchStats();
        await using var fleet = new SessionFleet(silo.Url, stats, options.ConnectConcurrency);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var scripts = await fleet.OpenAsync(count, s => StreamAsync(s, stop.Token), stop.Token);
        progress($"streaming: {fleet.Sessions.Count} sessions open, holding {options.Hold.TotalSeconds:N0} s");

        var cpuBefore = silo.CpuSeconds();
        var held = Stopwatch.StartNew();
        await Task.Delay(options.Hold, cancellationToken);
        var cpu = (silo.CpuSeconds() - cpuBefore) / held.Elapsed.TotalSeconds;
        var rss = silo.ResidentBytes();
        stats.Recording = false;
        await stop.CancelAsync();
        await Task.WhenAll(scripts);

        var streaming = fleet.Sessions.Count(s => s.FramesReceived > 0);
        var turn = stats.TurnMs;
        return
        [
            new("streaming", "sessions streaming", $"{streaming:N0} of {count:N0} ({stats.Frames:N0} frames in {options.Hold.TotalSeconds:N0} s)", $"{count:N0}", streaming == count),
            new("streaming", "late frames", $"{stats.LateRatio:P3} ({stats.LateFrames:N0})", "< 0.1 %", stats.LateRatio < 0.001),
            new("streaming", "request to first frame", $"p50 {turn.P50:N1} ms, p99 {turn.P99:N1} ms, max {turn.Max:N1} ms"),
            new("streaming", "silo CPU, memory", $"{cpu:N2} cores, RSS {DensityBench.Mb(rss)}"),
            new("streaming", "errors", stats.ErrorSummary(), "none", stats.Errors.Count == 0 && stats.FailedSessions == 0),
        ];
    }

    private static async Task StreamAsync(BenchSession session, CancellationToken stop)
    {
        await session.StartTurnAsync(Request, stop);
        await session.WaitAsync(s => s.RitualsCreated > 0, "ritual.created", stop);
    }
}
