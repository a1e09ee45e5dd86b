using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HdrHistogram;
using WaQup.Load;

namespace WaQup.Chaos;

/// <summary>What a chaos run is told: where the nodes are, how many sessions, and how to kill a silo.</summary>
public sealed record ChaosOptions(IReadOnlyList<Uri> Nodes, int Sessions)
{
    /// <summary>How long after the last session has started the silo is killed: sessions are mid-ritual by then.</summary>
    public TimeSpan KillAfter { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long every session has, after the kill, to resume and have one more ritual saved.</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromSeconds(150);

    /// <summary>How long the audit waits for reservations to settle (refunds after the crash, expiry of the rest).</summary>
    public TimeSpan SettleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Sessions started at once while the run ramps up.</summary>
    public int StartConcurrency { get; init; } = 20;
}

/// <summary>
/// Drives sessions mid-conversation across the cluster, kills one silo through <c>kill</c>, then audits what every
/// user was left with: each session resumed, each ledger balanced and settled, each ritual saved once and playable.
/// </summary>
public sealed class ChaosRun(ChaosOptions options, Func<CancellationToken, Task<string>> kill, TextWriter progress)
{
    public async Task<ChaosReport> RunAsync(CancellationToken cancellationToken)
    {
        var clock = new ChaosClock();
        var live = options.Nodes.ToList();
        var sessions = new List<ChaosSession>();
        using (var http = new HttpClient { BaseAddress = options.Nodes[0], Timeout = TimeSpan.FromSeconds(30) })
        {
            var tokens = new DevTokens(http);
            for (var i = 0; i < options.Sessions; i++)
            {
                var (userId, token) = await tokens.NewUserWithIdAsync(cancellationToken);
                sessions.Add(new ChaosSession(i, userId, token, options.Nodes, clock));
            }
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var runs = new List<Task>();
        using (var gate = new SemaphoreSlim(options.StartConcurrency))
        {
            foreach (var session in sessions)
            {
                await gate.WaitAsync(cancellationToken);
                runs.Add(RunOne(session, gate, deadline.Token));
            }

            // Each has started once the gate is whole again.
            for (var i = 0; i < options.StartConcurrency; i++)
            {
                await gate.WaitAsync(cancellationToken);
            }
        }

        progress.WriteLine($"{sessions.Count} sessions started in {clock.Elapsed.TotalSeconds:F1} s; killing a silo in {options.KillAfter.TotalSeconds:F0} s");
        await Task.Delay(options.KillAfter, cancellationToken);
        // Marked as the signal goes: a kill that waits for the process to exit returns after its sockets have dropped,
        // and those drops must count as after the kill.
        clock.MarkKilled();
        var killed = await kill(cancellationToken);
        progress.WriteLine($"killed {killed} at {clock.KilledAt.TotalSeconds:F1} s");
        deadline.CancelAfter(options.Deadline);
        await Task.WhenAll(runs);
        var finished = clock.Elapsed - clock.KilledAt;
        progress.WriteLine($"sessions finished {finished.TotalSeconds:F1} s after the kill; auditing ledgers and rituals");
        foreach (var slow in sessions.Where(s => s.ResumesAfterKill.Count > 0 || !s.Done).OrderByDescending(s => s.Done ? s.ResumesAfterKill.Max() : TimeSpan.MaxValue).Take(3))
        {
            progress.WriteLine($"session {slow.Index} ({slow.SessionId}), the slowest to resume:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", slow.Trace)}");
        }

        var survivor = options.Nodes.First(n => !killed.Contains(n.Authority, StringComparison.Ordinal));
        var audits = await AuditAsync(sessions, survivor, cancellationToken);
        var report = ChaosReport.From(killed, sessions, audits, finished);
        progress.WriteLine($"{report.Sessions} sessions: {report.Resumed} resumed after the kill, {report.Lost} lost; resume after the kill p50 "
            + $"{report.ResumeAfterKillMs.P50:F0} ms, p99 {report.ResumeAfterKillMs.P99:F0} ms, max {report.ResumeAfterKillMs.Max:F0} ms; "
            + $"ritual saved after its audio p50 {report.SaveAfterAudioMs.P50:F0} ms, p99 {report.SaveAfterAudioMs.P99:F0} ms; "
            + $"{report.SilentReconnects} reconnects after {ChaosSession.SilenceLimit.TotalSeconds:F0} s of silence; "
            + $"{report.Rituals} rituals saved, {report.Refunded} refunded after the crash, {report.UnchargedRituals} saved but not charged, {report.Overloaded} requests refused as overloaded; "
            + $"{report.Failures.Count} other failures");
        return report;
    }

    private static async Task RunOne(ChaosSession session, SemaphoreSlim started, CancellationToken cancellationToken)
    {
        var task = session.RunAsync(cancellationToken);
        // Released once the session has its id (or failed): the next one starts.
        while (session.SessionId is null && !task.IsCompleted)
        {
            await Task.WhenAny(task, Task.Delay(20, CancellationToken.None));
        }

        started.Release();
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception error)
        {
            session.Fail(error.Message);
        }
    }

    private async Task<IReadOnlyList<UserAudit>> AuditAsync(IReadOnlyList<ChaosSession> sessions, Uri node, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = node, Timeout = TimeSpan.FromSeconds(30) };
        var audits = new UserAudit[sessions.Count];
        using var gate = new SemaphoreSlim(16);
        await Task.WhenAll(sessions.Select(async (session, i) =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                audits[i] = await AuditUserAsync(http, session, cancellationToken);
            }
            finally
            {
                gate.Release();
            }
        }));
        return audits;
    }

    private async Task<UserAudit> AuditUserAsync(HttpClient http, ChaosSession session, CancellationToken cancellationToken)
    {
        var settleBy = DateTime.UtcNow + options.SettleTimeout;
        JsonObject credits;
        while (true)
        {
            credits = await GetAsync(http, session.Token, "/v1/me/credits", cancellationToken);
            if ((int)credits["reserved"]! == 0 || DateTime.UtcNow > settleBy)
            {
                break;
            }

            await Task.Delay(500, cancellationToken);
        }

        var ledger = credits["ledger"]!.AsArray().Select(e => e!.AsObject()).ToList();
        var balance = (int)credits["balance"]!;
        var sum = ledger.Sum(e => (int)e["amount"]!);
        var commits = ledger.Where(e => (string?)e["kind"] == "commit").ToList();
        var reserves = ledger.Where(e => (string?)e["kind"] == "reserve").Select(e => (int)e["amount"]!).ToList();
        var refunds = ledger.Where(e => (string?)e["kind"] == "refund").Select(e => (int)e["amount"]!).ToList();
        var library = (await GetArrayAsync(http, session.Token, "/v1/library", cancellationToken)).Select(r => (string)r!["ritual_id"]!).ToList();

        var problems = new List<string>();
        if (balance != sum)
        {
            problems.Add($"balance {balance} is not the ledger's sum {sum}");
        }

        if ((int)credits["reserved"]! != 0)
        {
            problems.Add($"{credits["reserved"]} credits still reserved after {options.SettleTimeout.TotalSeconds:F0} s");
        }

        // Every reservation ends once: committed or refunded, so -reserve = commits' share + refunds.
        if (commits.Count + refunds.Count != reserves.Count)
        {
            problems.Add($"{reserves.Count} reservations but {commits.Count} commits and {refunds.Count} refunds");
        }

        var uncharged = Math.Max(0, library.Count - commits.Count);
        if (commits.Count > library.Count)
        {
            problems.Add($"{commits.Count} commits but {library.Count} rituals in the library");
        }

        var missing = session.Rituals.Except(library, StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            problems.Add($"announced but not in the library: {string.Join(", ", missing)}");
        }

        if (library.Count != library.Distinct(StringComparer.Ordinal).Count())
        {
            problems.Add("a ritual appears twice in the library");
        }

        long audioBytes = 0;
        foreach (var ritualId in library)
        {
            var ritual = await GetAsync(http, session.Token, $"/v1/rituals/{ritualId}", cancellationToken);
            using var request = new HttpRequestMessage(HttpMethod.Get, (string)ritual["audio_url"]!);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.Token);
            using var audio = await http.SendAsync(request, cancellationToken);
            var bytes = audio.IsSuccessStatusCode ? await audio.Content.ReadAsByteArrayAsync(cancellationToken) : [];
            if (!audio.IsSuccessStatusCode || bytes.Length < 4 || bytes[0] != 'O' || bytes[1] != 'g' || bytes[2] != 'g' || bytes[3] != 'S'
                || (int)ritual["duration_ms"]! <= 0 || string.IsNullOrWhiteSpace((string?)ritual["script"]))
            {
                problems.Add($"ritual {ritualId}: audio {(int)audio.StatusCode}, {bytes.Length} bytes, duration {ritual["duration_ms"]} ms");
            }

            audioBytes += bytes.Length;
        }

        return new UserAudit(session.UserId, library.Count, commits.Count, refunds.Count, uncharged, audioBytes, problems);
    }

    private static async Task<JsonObject> GetAsync(HttpClient http, string token, string path, CancellationToken cancellationToken) =>
        (await GetNodeAsync(http, token, path, cancellationToken)).AsObject();

    private static async Task<JsonArray> GetArrayAsync(HttpClient http, string token, string path, CancellationToken cancellationToken) =>
        (await GetNodeAsync(http, token, path, cancellationToken)).AsArray();

    private static async Task<JsonNode> GetNodeAsync(HttpClient http, string token, string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonNode>(cancellationToken))!;
    }
}

/// <summary>What one user's ledger and library showed after the run.</summary>
/// <remarks>
/// <see cref="Uncharged"/>: rituals in the library without a commit, counted apart from the problems so a run that
/// finds them still checks everything else. It found them before a save kept its reservation open: a save held up
/// by the cluster outlived the reservation, which refunded itself, and the ritual was then saved for nothing.
/// </remarks>
public sealed record UserAudit(string UserId, int Rituals, int Commits, int Refunds, int Uncharged, long AudioBytes, IReadOnlyList<string> Problems);

/// <summary>The run's outcome, and the figures the closing note quotes.</summary>
public sealed record ChaosReport(
    string Killed,
    int Sessions,
    int Resumed,
    int Lost,
    LatencyStats ResumeAfterKillMs,
    LatencyStats SaveAfterAudioMs,
    int SilentReconnects,
    double FinishedAfterKillSeconds,
    int Rituals,
    int Refunded,
    int Overloaded,
    int UnchargedRituals,
    int GapsWithinConnection,
    long FramesSkippedAcrossResume,
    IReadOnlyList<string> Failures)
{
    public bool Passed => Lost == 0 && Failures.Count == 0 && UnchargedRituals == 0;

    public static ChaosReport From(string killed, IReadOnlyList<ChaosSession> sessions, IReadOnlyList<UserAudit> audits, TimeSpan finished)
    {

        var failures = sessions.Where(s => s.Failure is not null).Select(s => $"session {s.Index} ({s.SessionId}): {s.Failure}")
            .Concat(sessions.Where(s => s.GapsWithinConnection > 0).Select(s => $"session {s.Index}: {s.GapsWithinConnection} frames out of order within a connection"))
            .Concat(audits.SelectMany(a => a.Problems.Select(p => $"user {a.UserId}: {p}")))
            .ToList();
        return new ChaosReport(
            killed,
            sessions.Count,
            sessions.Count(s => s.ResumesAfterKill.Count > 0),
            sessions.Count(s => !s.Done),
            Latencies(sessions.SelectMany(s => s.ResumesAfterKill)),
            Latencies(sessions.SelectMany(s => s.SavesAfterAudio)),
            sessions.Sum(s => s.SilentReconnects),
            Math.Round(finished.TotalSeconds, 1),
            audits.Sum(a => a.Rituals),
            sessions.Sum(s => s.Refunded),
            sessions.Sum(s => s.Overloaded),
            audits.Sum(a => a.Uncharged),
            sessions.Sum(s => s.GapsWithinConnection),
            sessions.Sum(s => s.SkippedAcrossResume),
            failures);
    }

    private static LatencyStats Latencies(IEnumerable<TimeSpan> latencies)
    {
        var histogram = new LongHistogram(TimeSpan.FromMinutes(10).Ticks / 10, 3);
        foreach (var latency in latencies)
        {
            histogram.RecordValue(Math.Max(1, latency.Ticks / 10));
        }

        return LatencyStats.From(histogram);
    }
}
