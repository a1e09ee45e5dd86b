using System.Diagnostics;

namespace WaQup.Bench;

/// <summary>(a) Density: how many connected, idle sessions one process holds, and the memory each costs it.</summary>
public static class DensityBench
{
    private const double TargetBytesPerSession = 50 * 1000;
    private const string CompactionNote = "compacted the heap, ";
    private static readonly TimeSpan QuietSettling = TimeSpan.FromSeconds(30);

    public static async Task<IReadOnlyList<BenchRow>> RunAsync(BenchOptions options, Action<string> progress, CancellationToken cancellationToken)
    {
        await using var silo = await SiloProcess.StartAsync(options, new Dictionary<string, string>(), cancellationToken);
        var stats = new BenchStats();
        await using var fleet = new SessionFleet(silo.Url, stats, options.ConnectConcurrency);

        // Warm up the paths every session takes (JIT, pools, grain directory) before the baseline is read.
        await fleet.OpenAsync(Math.Min(50, options.IdleSessions), null, cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
        var warm = fleet.Sessions.Count;
        var before = silo.ResidentBytes();

        var started = Stopwatch.GetTimestamp();
        var rest = options.IdleSessions - warm;
        for (var opened = 0; opened < rest; opened += 1000)
        {
            await fleet.OpenAsync(Math.Min(1000, rest - opened), null, cancellationToken);
            progress($"density: {fleet.Sessions.Count} sessions open, silo RSS {Mb(silo.ResidentBytes())}");
        }

        var connectTime = Stopwatch.GetElapsedTime(started);
        var peak = silo.ResidentBytes();
        // Idle long enough for every long poll to time out and be renewed at least once, and for the silo to notice
        // that it has gone quiet and give back what the connection storm left behind (Memory:QuietFor and a trim).
        await Task.Delay(options.Hold + QuietSettling, cancellationToken);
        var after = silo.ResidentBytes();
        var compaction = silo.LogLinesWith(CompactionNote).LastOrDefault();
        var held = fleet.Sessions.Count(s => s.State == "listening");
        var perSession = (after - before) / (double)Math.Max(1, fleet.Sessions.Count - warm);
        var connect = stats.ConnectMs;
        return
        [
            new("density", "idle sessions held", $"{held:N0} of {options.IdleSessions:N0}", $"{options.IdleSessions:N0}", held == options.IdleSessions),
            new("density", "memory per idle session", $"{perSession / 1000:N1} KB (RSS {Mb(before)} → {Mb(after)}; {Mb(peak)} when the last connected)", "≤ 50 KB", perSession <= TargetBytesPerSession),
            new("density", "quiet-time compaction", compaction is null ? "none" : compaction[(compaction.IndexOf(CompactionNote, StringComparison.Ordinal) + CompactionNote.Length)..]),
            new("density", "connect to session.ready", $"p50 {connect.P50:N1} ms, p99 {connect.P99:N1} ms ({fleet.Sessions.Count / connectTime.TotalSeconds:N0} sessions/s)"),
            new("density", "errors", stats.ErrorSummary(), "none", stats.Errors.Count == 0 && stats.FailedSessions == 0),
        ];
    }

    internal static string Mb(long bytes) => $"{bytes / 1_000_000.0:N0} MB";
}
