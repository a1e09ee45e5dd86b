namespace WaQup.Bench;

/// <summary>
/// (c) Engine overhead on turn latency: with providers at zero latency, the time from a person's words to the first
/// audio frame of the answer is all engine. Every session keeps talking: it asks, listens to the whole answer, thinks,
/// and declines, so at any moment most sessions are streaming a reply.
/// </summary>
public static class OverheadBench
{
    private const string Ask = "{\"type\":\"user.text\",\"text\":\"an affirmation set for confidence at work, one minute\"}";
    private const string Decline = "{\"type\":\"user.text\",\"text\":\"no\"}";
    private static readonly TimeSpan Think = TimeSpan.FromSeconds(1);

    public static async Task<IReadOnlyList<BenchRow>> RunAsync(BenchOptions options, int count, Action<string> progress, CancellationToken cancellationToken)
    {
        await using var silo = await SiloProcess.StartAsync(options, new Dictionary<string, string>(), cancellationToken);
        var stats = new BenchStats { Recording = false };
        await using var fleet = new SessionFleet(silo.Url, stats, options.ConnectConcurrency);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var scripts = await fleet.OpenAsync(count, s => TalkAsync(s, stop.Token), stop.Token);
        // Measure once every session is in its rhythm and the hot paths are compiled.
        await Task.Delay(options.Warmup, cancellationToken);
        progress($"overhead: {fleet.Sessions.Count} sessions talking, measuring {options.Hold.TotalSeconds:N0} s");
        stats.Recording = true;
        var cpuBefore = silo.CpuSeconds();
        await Task.Delay(options.Hold, cancellationToken);
        var cpu = (silo.CpuSeconds() - cpuBefore) / options.Hold.TotalSeconds;
        stats.Recording = false;
        await stop.CancelAsync();
        await Task.WhenAll(scripts);

        var turn = stats.TurnMs;
        var cancel = stats.CancelMs;
        var name = $"overhead @{count:N0}";
        return
        [
            new(name, "turn latency (engine only)", $"p50 {turn.P50:N1} ms, p90 {turn.P90:N1} ms, p99 {turn.P99:N1} ms, max {turn.Max:N1} ms ({turn.Count:N0} turns)",
                "p50 < 5 ms, p99 < 20 ms", turn.Count > 0 && turn.P50 < 5 && turn.P99 < 20),
            new(name, "cancel to response.cancelled", $"p50 {cancel.P50:N1} ms, p99 {cancel.P99:N1} ms, max {cancel.Max:N1} ms ({cancel.Count:N0} cancels, frames after a cancel: {stats.Errors.GetValueOrDefault("frame_after_cancel")})",
                "p99 < 50 ms, none after", cancel.Count > 0 && cancel.P99 < 50 && !stats.Errors.ContainsKey("frame_after_cancel")),
            new(name, "late frames", $"{stats.LateRatio:P3} of {stats.Frames:N0}"),
            new(name, "silo CPU", $"{cpu:N2} cores"),
            new(name, "errors", stats.ErrorSummary(), "none", stats.Errors.Count == 0 && stats.FailedSessions == 0),
        ];
    }

    private static async Task TalkAsync(BenchSession session, CancellationToken stop)
    {
        // Spread the sessions' rhythms so the turns do not all land in the same instant.
        await Task.Delay(Random.Shared.Next(0, 2000), stop);
        for (var round = 0; !stop.IsCancellationRequested; round++)
        {
            if (round % 3 == 2)
            {
                await CancelledTurnAsync(session, stop);
            }
            else
            {
                await TurnAsync(session, Ask, "confirming", stop);
            }

            await TurnAsync(session, Decline, "listening", stop);
        }
    }

    /// <summary>Every third question is interrupted a few frames into its answer, as a person cutting in would.</summary>
    private static async Task CancelledTurnAsync(BenchSession session, CancellationToken stop)
    {
        var cancelled = session.Cancelled;
        var frames = session.FramesReceived;
        await session.StartTurnAsync(Ask, stop);
        await session.WaitAsync(s => s.FramesReceived >= frames + 5, "five frames of the answer", stop);
        await session.CancelAsync(stop);
        await session.WaitAsync(s => s.Cancelled > cancelled && s.State == "confirming", "response.cancelled", stop);
        await Task.Delay(Think, stop);
    }

    private static async Task TurnAsync(BenchSession session, string text, string state, CancellationToken stop)
    {
        var done = session.AudioDone;
        await session.StartTurnAsync(text, stop);
        await session.WaitAsync(s => s.AudioDone > done && s.State == state, $"the answer, then {state}", stop);
        await session.WaitPlaybackAsync(stop);
        await Task.Delay(Think, stop);
    }
}
