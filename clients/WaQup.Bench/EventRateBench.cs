using System.Diagnostics;

namespace WaQup.Bench;

/// <summary>
/// (d) Events per second through the engine, unpaced, against a bare ASP.NET Core WebSocket server that sends the
/// same frames to the same client code, measured in the same run. A turn is a spoken reply (no ritual, so no
/// recording): the path every event takes, from the person's words to frames on the socket.
/// </summary>
/// <remarks>
/// The two are measured in turns (engine, bare, engine, bare: five rounds), each for half the hold, with both servers
/// up, so a change in the machine's speed during the run (this is a shared VM) falls on both alike. The target is on
/// the median of the rounds' ratios, shown with their range and every round: one noisy round neither passes nor
/// fails the run. A first turn of each,
/// after the warm-up, is not counted: the engine was still getting faster well past the warm-up (a first 15 s
/// window right after it measured 107,000 messages/s, the next 150,000).
/// </remarks>
public static class EventRateBench
{
    private const string Ask = "{\"type\":\"user.text\",\"text\":\"an affirmation set for confidence at work, one minute\"}";
    private const string Decline = "{\"type\":\"user.text\",\"text\":\"no\"}";
    /// <summary>Rounds of (engine, bare); the target is on the median of their ratios, and every round is reported.</summary>
    private const int Rounds = 5;
    private static readonly TimeSpan Rewarm = TimeSpan.FromSeconds(5);

    public static async Task<IReadOnlyList<BenchRow>> RunAsync(BenchOptions options, Action<string> progress, CancellationToken cancellationToken)
    {
        // Each turn is half the hold: five rounds take five holds in all, and a round's ratio rests on seconds of
        // traffic, not on a moment of the VM's noise.
        var window = options.Hold / 2;
        await using var silo = await SiloProcess.StartAsync(options, Unpaced, cancellationToken);
        // A first turn each, not counted: both servers reach their tiered, profiled code before anything is measured.
        var first = await MeasureAsync(silo.Url, options, options.Warmup, window, silo.CpuSeconds, cancellationToken);
        progress($"events: engine warmed up at {first.PerSecond:N0}/s; now the bare WebSocket baseline");
        var framesPerTurn = (int)Math.Round(first.Frames / (double)Math.Max(1, first.Turns));
        var eventsPerTurn = Math.Max(2, (int)Math.Round(first.Events / (double)Math.Max(1, first.Turns)));
        await using var server = await BareServerProcess.StartAsync(framesPerTurn, eventsPerTurn, cancellationToken);
        await MeasureAsync(server.Url, options, options.Warmup, window, server.CpuSeconds, cancellationToken, needsTokens: false);
        List<Measured> engine = [], bare = [];
        for (var round = 1; round <= Rounds; round++)
        {
            progress($"events: round {round} of {Rounds}");
            engine.Add(await MeasureAsync(silo.Url, options, Rewarm, window, silo.CpuSeconds, cancellationToken));
            bare.Add(await MeasureAsync(server.Url, options, Rewarm, window, server.CpuSeconds, cancellationToken, needsTokens: false));
        }

        var (engineRate, engineCpu) = Overall(engine);
        var (bareRate, bareCpu) = Overall(bare);
        var ratios = engine.Zip(bare, (e, b) => e.PerSecond / Math.Max(1, b.PerSecond)).ToList();
        var ratio = Spread.Of(ratios).Median;
        var byRound = string.Join(", ", ratios.Select(r => $"{r:N2}×"));
        var errors = engine.Prepend(first).Select(m => m.Errors).FirstOrDefault(e => e != "none") ?? "none";
        return
        [
            new("events", "engine (unpaced replies)", $"{engineRate:N0} messages/s ({framesPerTurn} frames + {eventsPerTurn} events a turn, {engine[0].Sessions} sessions, {engineCpu:N2} cores)"),
            new("events", "bare ASP.NET Core WebSocket", $"{bareRate:N0} messages/s ({bareCpu:N2} cores)"),
            new("events", "engine / bare", $"median {ratio:N2}× of {Rounds} rounds, range {ratios.Min():N2}–{ratios.Max():N2}× (by round: {byRound}); over all turns {engineRate / Math.Max(1, bareRate):N2}×", "≥ 0.5× (median)", ratio >= 0.5),
            new("events", "errors", errors, "none", errors == "none"),
        ];
    }

    /// <summary>Messages per second and cores over all the turns of one server together.</summary>
    private static (double Rate, double Cpu) Overall(IReadOnlyList<Measured> turns)
    {
        var seconds = turns.Sum(m => m.Seconds);
        return (turns.Sum(m => m.PerSecond * m.Seconds) / seconds, turns.Sum(m => m.Cpu * m.Seconds) / seconds);
    }

    private static async Task<Measured> MeasureAsync(
        Uri url, BenchOptions options, TimeSpan warmup, TimeSpan hold, Func<double> cpuSeconds, CancellationToken cancellationToken, bool needsTokens = true)
    {
        var stats = new BenchStats();
        await using var fleet = new SessionFleet(url, stats, options.ConnectConcurrency, anonymous: !needsTokens);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var scripts = await fleet.OpenAsync(options.EventSessions, s => TalkAsync(s, stop.Token), stop.Token);
        await Task.Delay(warmup, cancellationToken);
        var sessions = fleet.Sessions;
        var (frames0, events0, turns0) = Count(sessions);
        var cpu0 = cpuSeconds();
        var clock = Stopwatch.StartNew();
        await Task.Delay(hold, cancellationToken);
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
            seconds,
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
        // While the bare server has its turn the idle engine must not work: no quiet-time collection.
        ["Memory:CompactWhenQuiet"] = "false",
    };

    private sealed record Measured(double PerSecond, long Frames, long Events, long Turns, int Sessions, double Cpu, double Seconds, string Errors);
}
