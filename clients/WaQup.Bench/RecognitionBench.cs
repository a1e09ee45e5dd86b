using System.Diagnostics;
using WaQup.Load;

namespace WaQup.Bench;

/// <summary>
/// (e) Voice input through the whole system: sessions speak flite's <c>rms</c> and <c>awb</c> voices (the recogniser was
/// tuned on neither) into their microphone streams at real-time pace, with the server's turn detection, and read the
/// final transcripts. One session alone says every sentence once; then a crowd of sessions talk at once, each saying
/// a sentence, waiting for its transcript and the spoken reply, thinking, and saying the next. A quote is always
/// declined (typed), so the dialogue stays in listening, clarifying and confirming and no ritual is made.
/// </summary>
public static class RecognitionBench
{
    public static readonly IReadOnlyList<string> Voices = ["rms", "awb"];

    /// <summary>How long a session waits for a transcript or a reply before it gives up (a failed session).</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The silo's settings beside the benchmarks' own: the embedded recogniser whatever keys the environment holds, and
    /// replies in the load-test voice at 1,200 words a minute (a reply of 20 words lasts a second), so the
    /// conversation moves on and the machine's time goes to listening.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> SiloSettings = new Dictionary<string, string>
    {
        ["Recognition:Provider"] = "pocketsphinx",
        ["Recognition:WarmUp"] = "true",
        ["LoadTest:WordsPerMinute"] = "1200",
    };

    public static async Task<IReadOnlyList<BenchRow>> RunAsync(BenchOptions options, Action<string> progress, CancellationToken cancellationToken)
    {
        var plan = Plan(options.RecognitionTakes, options.RecognitionSessions, options.RecognitionRounds);
        progress($"recognition: saying {plan.Lines.Count} takes with flite ({string.Join(", ", Voices)})");
        var takes = await plan.SynthesizeAsync(cancellationToken);
        await using var silo = await SiloProcess.StartAsync(options, SiloSettings, cancellationToken);
        return await MeasureAsync(silo.Url, silo.CpuSeconds, plan, takes, progress, cancellationToken);
    }

    /// <summary>
    /// Sentence <c>k</c> of the set is said by the single session in voice <c>k mod 2</c>; the crowd's session <c>i</c>
    /// says sentences <c>i·rounds</c> onwards, each in the other voice, so every sentence is heard in both.
    /// </summary>
    public static RecognitionPlan Plan(int? domainSentences, int sessions, int rounds, TimeSpan? think = null)
    {
        var sentences = RecognitionUtterances.Domain.Take(domainSentences ?? int.MaxValue).Select(t => (Text: t, Free: false))
            .Concat(RecognitionUtterances.Free.Take(domainSentences is { } n ? Math.Max(1, n / 8) : int.MaxValue).Select(t => (Text: t, Free: true)))
            .ToList();
        var single = sentences.Select((s, k) => new TakeLine(s.Text, Voices[k % 2], s.Free)).ToList();
        var crowd = Enumerable.Range(0, sessions)
            .Select(i => Enumerable.Range(i * rounds, rounds).Select(k => k % sentences.Count)
                .Select(k => new TakeLine(sentences[k].Text, Voices[(k + 1) % 2], sentences[k].Free)).ToList())
            .ToList();
        return new RecognitionPlan(single, crowd, think ?? TimeSpan.FromSeconds(1));
    }

    /// <summary>Runs the plan against the system at <paramref name="url"/>, whose process CPU time <paramref name="cpuSeconds"/> reads.</summary>
    public static async Task<IReadOnlyList<BenchRow>> MeasureAsync(
        Uri url,
        Func<double> cpuSeconds,
        RecognitionPlan plan,
        IReadOnlyDictionary<TakeLine, SpokenTake> takes,
        Action<string> progress,
        CancellationToken cancellationToken)
    {
        // The recogniser builds its model and loads a decoder for the first speaker, and the hot paths compile: not measured.
        progress("recognition: warm-up");
        await RunPhaseAsync(url, [[plan.Single[0]]], takes, TimeSpan.Zero, cpuSeconds, cancellationToken);

        progress($"recognition: one session says {plan.Single.Count} sentences");
        var one = await RunPhaseAsync(url, [plan.Single], takes, plan.Think / 3, cpuSeconds, cancellationToken);
        progress($"recognition: {plan.Crowd.Count} sessions talk at once, {plan.Crowd[0].Count} sentences each");
        var crowd = await RunPhaseAsync(url, plan.Crowd, takes, plan.Think, cpuSeconds, cancellationToken);
        foreach (var (take, heard) in one.Words.Misheard.Take(12))
        {
            progress($"recognition: misheard ({take.Voice}) \"{take.Text}\" as \"{heard}\"");
        }

        return [.. Rows("recognition @1", one), .. Rows($"recognition @{plan.Crowd.Count}", crowd, latencyTarget: true)];
    }

    private static IEnumerable<BenchRow> Rows(string name, PhaseResult phase, bool latencyTarget = false)
    {
        var words = phase.Words;
        var domain = words.Errors(free: false);
        var free = words.Errors(free: true);
        var byVoice = string.Join(", ", Voices.Select(v => $"{v} {words.Errors(false, v).Rate:P1}"));
        yield return new(name, "domain WER", $"{domain.Rate:P1} ({domain.Errors} errors in {domain.ReferenceWords:N0} words: {domain.Substitutions} sub, {domain.Deletions} del, {domain.Insertions} ins; {byVoice})",
            "< 15 %", domain.ReferenceWords > 0 && domain.Rate < 0.15);
        yield return new(name, "free-phrasing WER", $"{free.Rate:P1} ({free.Errors} errors in {free.ReferenceWords:N0} words)");
        var end = words.EndOfSpeechMs;
        // From where speech really ended the figure holds the turn detector's 700 ms of silence, which PROTOCOL.md sets:
        // the target is the recogniser's own part, from the moment the server has found the end of speech.
        yield return new(name, "end of speech → final transcript", $"{Latency(end)} ({words.Utterances} utterances, {words.Splits} heard as two; 700 ms of it is turn detection)");
        yield return new(name, "server's end of speech → final", Latency(words.ServerStopMs));
        var stopped = words.StopEventMs;
        yield return new(name, "speech_stopped event → final", Latency(stopped),
            latencyTarget ? "p50 < 400 ms" : "", latencyTarget ? stopped.Count > 0 && stopped.P50 < 400 : null);
        var seconds = words.AudioSeconds;
        yield return new(name, "CPU per second of audio", $"{phase.CpuSeconds / Math.Max(seconds, 1e-9):N3} s ({phase.CpuSeconds:N1} CPU-s for {seconds:N0} s of audio, {words.SpeechSeconds:N0} s of it speech; {phase.CpuSeconds / phase.Elapsed.TotalSeconds:N2} cores over {phase.Elapsed.TotalSeconds:N0} s)");
        var firstFailure = phase.Session.Failures.FirstOrDefault() is { } failure ? $" (first: {failure})" : "";
        yield return new(name, "errors", phase.Session.ErrorSummary() + firstFailure, "none", phase.Session.Errors.Count == 0 && phase.Session.FailedSessions == 0);
    }

    private static string Latency(LatencyStats ms) =>
        $"p50 {ms.P50:N0} ms, p90 {ms.P90:N0} ms, p99 {ms.P99:N0} ms, max {ms.Max:N0} ms";

    private static async Task<PhaseResult> RunPhaseAsync(
        Uri url,
        IReadOnlyList<IReadOnlyList<TakeLine>> scripts,
        IReadOnlyDictionary<TakeLine, SpokenTake> takes,
        TimeSpan think,
        Func<double> cpuSeconds,
        CancellationToken cancellationToken)
    {
        var session = new BenchStats();
        var words = new RecognitionStats();
        var next = 0;
        var clock = Stopwatch.StartNew();
        var cpuBefore = cpuSeconds();
        await using (var fleet = new SessionFleet(url, session, concurrency: 50))
        {
            var running = await fleet.OpenAsync(scripts.Count, s => TalkAsync(s, scripts[Interlocked.Increment(ref next) - 1]), cancellationToken);
            await Task.WhenAll(running);
        }

        return new PhaseResult(session, words, cpuSeconds() - cpuBefore, clock.Elapsed);

        async Task TalkAsync(BenchSession speaker, IReadOnlyList<TakeLine> script)
        {
            // A crowd does not start in step: each waits up to one thinking time before it first speaks.
            await Task.Delay(Random.Shared.Next(0, (int)think.TotalMilliseconds + 1), cancellationToken);
            foreach (var line in script)
            {
                await SayAsync(speaker, takes[line], words, cancellationToken);
                await Task.Delay(think / 2 + TimeSpan.FromMilliseconds(Random.Shared.Next(0, (int)think.TotalMilliseconds + 1)), cancellationToken);
            }
        }
    }

    /// <summary>Says one take, times its final transcript, scores it, then hears the reply out (declining a quote).</summary>
    private static async Task SayAsync(BenchSession speaker, SpokenTake take, RecognitionStats words, CancellationToken cancellationToken)
    {
        var finals = speaker.FinalTranscripts;
        var started = speaker.SpeechStarted;
        var stopped = speaker.SpeechStopped;
        var replies = speaker.AudioDone;
        var streamMs = speaker.MicrophoneMs;
        var sent = await speaker.SpeakAsync(take.Pcm, cancellationToken);
        words.Sent(take);
        await WaitAsync(speaker, s => s.FinalTranscripts > finals && s.SpeechStopped > stopped, "the final transcript", cancellationToken);

        var (heard, arrived) = speaker.FinalsFrom(finals)[0];
        words.Heard(take, heard, speaker.SpeechStarted - started);
        words.EndOfSpeech(sent[(take.SpeechEndByte / BenchSession.MicrophoneFrameBytes) - 1], arrived);
        var stopFrame = (int)((speaker.LastSpeechStoppedMs - streamMs) / 20) - 1;
        words.ServerStop(sent[Math.Clamp(stopFrame, 0, sent.Length - 1)], arrived);
        words.StopEvent(speaker.LastSpeechStoppedAt, arrived);

        await WaitAsync(speaker, s => s.AudioDone > replies, "the reply", cancellationToken);
        await speaker.WaitPlaybackAsync(cancellationToken);
        if (speaker.State == "confirming")
        {
            replies = speaker.AudioDone;
            await speaker.SendAsync("{\"type\":\"user.confirm\",\"accept\":false}", cancellationToken);
            await WaitAsync(speaker, s => s.AudioDone > replies && s.State == "listening", "the reply to a declined quote", cancellationToken);
            await speaker.WaitPlaybackAsync(cancellationToken);
        }
    }

    private static async Task WaitAsync(BenchSession speaker, Func<BenchSession, bool> done, string what, CancellationToken cancellationToken)
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(Patience);
        try
        {
            await speaker.WaitAsync(done, what, patience.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no {what} within {Patience.TotalSeconds:N0} s");
        }
    }

    private sealed record PhaseResult(BenchStats Session, RecognitionStats Words, double CpuSeconds, TimeSpan Elapsed);
}
