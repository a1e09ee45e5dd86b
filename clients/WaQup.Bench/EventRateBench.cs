using System.Diagnostics;

namespace WaQup.Bench;

/// <summary>
/// (d) Events per second through the engine, unpaced, against a bare ASP.NET Core WebSocket server that sends the
/// same frames to the same client code, measured in the same run. A turn is a spoken reply (no ritual, so no
/// recording): the path every event takes, from the person's words to frames on the socket.
/// </summary>
public static class EventRateBench
{
    private const string Ask = "{\"type\":\"user.text\",\"text\":\"an affirmation set for confidence at work, one minute\"}";
    private const string Decline = "{\"type\":\"user.text\",\"text\":\"no\"}";

    public static async Task<IReadOnlyList<BenchRow>> RunAsync(BenchOptions options, Action<string> progress, CancellationToken cancellationToken)
    {
        Measured engine;
        await using (var silo = await SiloProcess.StartAsync(options, Unpaced, cancellationToken))
        {
            engine = await MeasureAsync(silo.Url, options, () => silo.CpuSeconds(), cancellationToken);
        }

        progress($"events: engine {engine.PerSecond:N0}/s; now the bare WebSocket baseline");
        var framesPerTurn = (int)Math.Round(engine.Frames / (double)Math.Max(1, engine.Turns));
        var eventsPerTurn = Math.Max(2, (int)Math.Round(engine.Events / (double)Math.Max(1, engine.Turns)));
        Measured bare;
        await using (var server = await BareServerProcess.StartAsync(framesPerTurn, eventsPerTurn, cancellationToken))
        {
            bare = await MeasureAsync(server.Url, options, server.CpuSeconds, cancellationToken, needsTokens: false);
        }

        var ratio = engine.PerSecond / Math.Max(1, bare.PerSecond);
        return
        [
            new("events", "engine (unpaced replies)", $"{engine.PerSecond:N0} messages/s ({framesPerTurn} frames + {eventsPerTurn} events a turn, {engine.Sessions} sessions, {engine.Cpu:N2} cores)"),
            new("events", "bare ASP.NET Core WebSocket", $"{bare.PerSecond:N0} messages/s ({bare.Cpu:N2} cores)"),
            new("events", "engine / bare", $"{ratio:N2}×", "≥ 0.5×", ratio >= 0.5),
            new("events", "errors", engine.Errors, "none", engine.Errors == "none"),
        ];
    }

    private static async Task<Measured> MeasureAsync(Uri url, BenchOptions options, Func<double> cpuSeconds, CancellationToken cancellationToken, bool needsTokens = true)
    {
        var stats = new BenchStats();
        await using var fleet = new SessionFleet(url, stats, options.ConnectConcurrency, anonymous: !needsTokens);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var scripts = await fleet.OpenAsync(options.EventSessions, s => TalkAsync(s, stop.Token), stop.Token);
        await Task.Delay(options.Warmup, cancellationToken);
        var sessions = fleet.Sessions;
        var (frames0, events0, turns0) = Count(sessions);
        var cpu0 = cpuSeconds();
        var clock = Stopwatch.StartNew();
        await Task.Delay(options.Hold, cancellationToken);
        var (frames1, events1, turns1) = Count(sessions);
        var seconds = clock.Elapsed.TotalSeconds;
        var cpu = (cpuSeconds() - cpu0) / seconds;
        await stop.CancelAsync();
        await Task.WhenAll(scripts);
        return new Measured(
            (frames1 - frames0 + events1 - events0) / seconds,
            frames1 - frames0,
            events1 - events0,
            turns1 - turns0,
            sessions.Count,
            cpu,
            stats.ErrorSummary());
    }

    private static (long Frames, long Events, long Turns) Count(IReadOnlyList<BenchSession> sessions) =>
        (sessions.Sum(s => s.FramesReceived), sessions.Sum(s => s.EventsReceived), sessions.Sum(s => (long)s.AudioDone));

    private static async Task TalkAsync(BenchSession session, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            foreach (var (text, state) in new[] { (Ask, "confirming"), (Decline, "listening") })
            {
                var done = session.AudioDone;
                await session.StartTurnAsync(text, stop);
                await session.WaitAsync(s => s.AudioDone > done && s.State == state, $"the answer, then {state}", stop);
            }
        }
    }

    /// <summary>As fast as the engine goes; an unpaced client talks far faster than a person, so the event limit is lifted.</summary>
    private static readonly Dictionary<string, string> Unpaced = new()
    {
        ["Conversation:PaceFactor"] = "0",
        ["Socket:EventsPerSecond"] = "100000",
        ["Socket:EventBurst"] = "100000",
    };

    private sealed record Measured(double PerSecond, long Frames, long Events, long Turns, int Sessions, double Cpu, string Errors);
}
