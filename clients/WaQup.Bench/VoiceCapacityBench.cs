using System.Collections.Concurrent;
using System.Diagnostics;
using WaQup.Providers.Audio;

namespace WaQup.Bench;

/// <summary>
/// (f, third part) How many rituals at once an embedded voice sustains at the default pace (8× real time): a silo with the
/// built-in writer and that voice, its speech cache off and the library copy's encoder not waited for; N sessions, each
/// asking for a one-minute meditation on a topic of its own at the same moment (<c>ritual.request</c> with
/// <c>confirm</c>); N growing (<see cref="CapacitySearch.Steps"/>) until the median ritual arrives slower than real time.
/// Each ritual's delivery rate is the seconds of audio it received over the wall time from its first frame to its last.
/// </summary>
public static class VoiceCapacityBench
{
    public const int Pace = 8;

    /// <summary>How long one ritual's audio may take before its session counts as failed (a rate of 0).</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    /// <summary>How long its library copy may take after that (the next step starts once every copy is saved).</summary>
    private static readonly TimeSpan SavePatience = TimeSpan.FromMinutes(10);

    public static async Task<IReadOnlyList<BenchRow>> RunAsync(BenchOptions options, EmbeddedVoice voice, Action<string> progress, CancellationToken cancellationToken)
    {
        var settings = new Dictionary<string, string>
        {
            ["Content:Provider"] = "builtin",
            ["Speech:Provider"] = voice.Provider,
            ["Conversation:PaceFactor"] = Pace.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // The voice is measured, not the cache: with it, sessions asking at once share every sentence their scripts
            // have in common.
            ["Speech:Cache:MaxBytes"] = "0",
            // Nor the library copy's encoder: by default a ritual's audio waits for it once 5 s are not yet encoded, and a
            // first run found that wait, not the voice, setting the pace of both voices from 16 at once (docs/benchmarks.md).
            // Lifted, the encoder's backlog waits in memory and ritual.created comes once it is encoded.
            ["Conversation:RecordingBacklogMs"] = "86400000",
        };
        await using var silo = await SiloProcess.StartAsync(options, settings, cancellationToken);
        progress($"voices: capacity of {voice.Label}, warm-up");
        await RunStepAsync(silo, 2, voice, cancellationToken);

        var steps = new List<CapacityStep>();
        foreach (var sessions in CapacitySearch.Steps(options.VoiceMaxSessions))
        {
            var step = await RunStepAsync(silo, sessions, voice, cancellationToken);
            steps.Add(step);
            progress($"voices: {voice.Label}, {sessions} at once: {step.Rate.Format("N1", "×")}, late {step.LateRatio:P2}, failed {step.Failed}");
            if (!CapacitySearch.Continue(step))
            {
                break;
            }
        }

        return Rows(voice, steps);
    }

    public static IReadOnlyList<BenchRow> Rows(EmbeddedVoice voice, IReadOnlyList<CapacityStep> steps)
    {
        var name = $"voices: capacity, {voice.Label}";
        var rows = steps.Select(s => new BenchRow(
            name,
            $"{s.Sessions} at once",
            $"delivery median {s.Rate.Median:N1}×, slowest {s.Rate.Min:N1}×, fastest {s.Rate.Max:N1}×; late frames {s.LateRatio:P2} of {s.Frames:N0}; request → first frame p50 {s.FirstFrameP50Ms:N0} ms; silo {s.SiloCores:N2} cores{(s.Failed > 0 ? $"; {s.Failed} failed" : "")}")).ToList();
        var verdict = CapacitySearch.Judge(steps, Pace);
        var tried = steps.Count == 0 ? 0 : steps.Max(s => s.Sessions);
        rows.Add(new BenchRow(name, $"most at once keeping {Pace}× (median / slowest)", $"{Count(verdict.MedianKeepsPace)} / {Count(verdict.SlowestKeepsPace)}"));
        rows.Add(new BenchRow(name, "fewest at once under 1× (median / slowest)", $"{Under(verdict.MedianUnderRealTime, tried)} / {Under(verdict.SlowestUnderRealTime, tried)}"));
        return rows;
    }

    private static string Count(int? sessions) => sessions is { } n ? n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : "none";

    private static string Under(int? sessions, int tried) => sessions is { } n ? n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : $"not reached at {tried:N0}";

    /// <summary>Opens <paramref name="sessions"/> sessions, waits until each has heard its greeting, then has all of them ask at once.</summary>
    private static async Task<CapacityStep> RunStepAsync(SiloProcess silo, int sessions, EmbeddedVoice voice, CancellationToken cancellationToken)
    {
        var opened = 0;
        var stats = new BenchStats { Recording = false };
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var rates = new ConcurrentBag<double>();
        double cpuBefore;
        var clock = new Stopwatch();
        await using (var fleet = new SessionFleet(silo.Url, stats, concurrency: 50))
        {
            var scripts = await fleet.OpenAsync(sessions, s => RitualAsync(s), cancellationToken);
            stats.Recording = true;
            cpuBefore = silo.CpuSeconds();
            clock.Start();
            go.SetResult();
            await Task.WhenAll(scripts);
        }

        var cores = (silo.CpuSeconds() - cpuBefore) / Math.Max(clock.Elapsed.TotalSeconds, 1e-3);
        var measured = rates.ToList();
        measured.AddRange(Enumerable.Repeat(0.0, Math.Max(0, sessions - measured.Count)));
        return new CapacityStep(sessions, measured, stats.Frames, stats.LateFrames, stats.TurnMs.P50, cores);

        async Task RitualAsync(BenchSession session)
        {
            var request = RitualRequests.Json(RitualRequests.Capacity(Interlocked.Increment(ref opened) - 1), voice);
            await go.Task.WaitAsync(cancellationToken);
            using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            patience.CancelAfter(Patience);
            var heard = session.AudioDone;
            await session.StartTurnAsync(request, patience.Token);
            await session.WaitAsync(s => s.AudioDone > heard, "audio.done", patience.Token);
            rates.Add(DeliveryRate(session.ResponseFrames, session.FirstFrameAt, session.LastFrameAt));
            patience.CancelAfter(SavePatience);
            await session.WaitAsync(s => s.RitualsCreated > 0, "ritual.created", patience.Token);
        }
    }

    /// <summary>Seconds of audio in <paramref name="frames"/> frames over the seconds between the first's arrival and the last's.</summary>
    public static double DeliveryRate(int frames, long firstTicks, long lastTicks)
    {
        var wall = Stopwatch.GetElapsedTime(firstTicks, lastTicks).TotalSeconds;
        var audio = frames * AudioFormat.FrameMs / 1000.0;
        // One frame, or frames that all came in one read: as fast as the clock can tell.
        return audio / Math.Max(wall, 0.001);
    }
}
