using WaQup.Chaos;

namespace WaQup.Tests.Cluster;

/// <summary>
/// Three silo processes, a few hundred sessions mid-ritual, one silo killed with SIGKILL: every session resumes on
/// another node, every ledger balances with nothing left reserved, no ritual is charged twice, and every saved
/// ritual's audio plays.
/// </summary>
public sealed class ChaosTests
{
    private static readonly Dictionary<string, string> Settings = new()
    {
        // Simulated providers at full speed: the cluster's own behaviour is under test, not espeak's throughput.
        ["Content:Provider"] = "loadtest",
        ["Speech:Provider"] = "loadtest",
        // A one-minute ritual streams for 20 s, so the kill lands mid-ritual for most sessions.
        ["Conversation:PaceFactor"] = "3",
        // Long enough for a ritual slowed by the fault to be committed rather than expire, short enough that a
        // reservation whose record the crash lost refunds itself within the audit's wait.
        ["Conversation:ReservationMargin"] = "00:00:45",
    };

    [Fact(Skip = "Unfinished, open: passes alone (0 lost) but not beside the rest of the suite on two cores, where 18 of 200 "
        + "sessions were not done within 150 s of the kill and many rituals were saved without a charge. See docs/cluster.md.")]
    public async Task Every_session_resumes_and_every_ledger_balances_after_a_silo_is_killed()
    {
        await using var cluster = await NodeProcesses.StartAsync(silos: 3, apis: 0, Settings);
        var progress = new StringWriter();
        var run = new ChaosRun(new ChaosOptions(cluster.Urls, Sessions: 200) { KillAfter = TimeSpan.FromSeconds(2), SettleTimeout = TimeSpan.FromSeconds(90) },
            _ => Task.FromResult(cluster.Kill(1)), progress);

        var report = await run.RunAsync(CancellationToken.None);

        TestContext.Current.SendDiagnosticMessage(progress.ToString());
        cluster.KeepFiles = !report.Passed;
        var summary = $"{progress}{Environment.NewLine}{string.Join(Environment.NewLine, report.Failures.Take(20))}{Environment.NewLine}node logs: {cluster.Scratch}";
        Assert.True(report.Lost == 0, $"{report.Lost} sessions lost{Environment.NewLine}{summary}");
        Assert.True(report.Failures.Count == 0, summary);
        Assert.True(report.Resumed > 0, "no session had to resume: the killed silo held none of them");
        Assert.Equal(0, report.GapsWithinConnection);
        // Each session had a ritual saved after the kill, on top of any before it.
        Assert.True(report.Rituals >= report.Sessions, $"{report.Rituals} rituals for {report.Sessions} sessions");
    }

    [Fact(Skip = "Known defect, open: after a kill some rituals are in the library without a commit (saved, yet refunded). "
        + "Every other check of the chaos run passes; see docs/cluster.md. Remove this skip with the fix.")]
    public async Task No_ritual_is_saved_without_being_charged_after_a_silo_is_killed()
    {
        await using var cluster = await NodeProcesses.StartAsync(silos: 3, apis: 0, Settings);
        var run = new ChaosRun(new ChaosOptions(cluster.Urls, Sessions: 200) { KillAfter = TimeSpan.FromSeconds(2), SettleTimeout = TimeSpan.FromSeconds(90) },
            _ => Task.FromResult(cluster.Kill(1)), TextWriter.Null);

        var report = await run.RunAsync(CancellationToken.None);

        Assert.Equal(0, report.UnchargedRituals);
    }
}
