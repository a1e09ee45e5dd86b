using System.Runtime.InteropServices;
using System.Text;

namespace WaQup.Bench;

/// <summary>Writes the results into docs/benchmarks.md between its markers, keeping the hand-written analysis around them.</summary>
public static class BenchReport
{
    public const string Begin = "<!-- bench:begin (written by ./waqup bench; edits inside are overwritten) -->";
    public const string End = "<!-- bench:end -->";

    public static string Render(BenchOptions options, IReadOnlyList<BenchRow> rows, string? micro, TimeSpan took)
    {
        var text = new StringBuilder();
        text.AppendLine(Begin);
        text.AppendLine($"Run on {DateTimeOffset.Now:yyyy-MM-dd HH:mm zzz}, {Machine()}, .NET {Environment.Version}, in {took.TotalMinutes:N1} min.");
        text.AppendLine($"Settings: {options.IdleSessions:N0} idle sessions, warm-up {options.Warmup.TotalSeconds:N0} s, {options.StreamingSessions:N0} streaming, active {string.Join(" and ", options.ActiveSessions.Select(n => n.ToString("N0")))}, {options.EventSessions} sessions for the event rate, hold {options.Hold.TotalSeconds:N0} s, {options.RecognitionSessions} speaking {options.RecognitionRounds} sentences each{(options.Quick ? " (--quick)" : "")}.");
        text.AppendLine();
        text.AppendLine("| benchmark | measure | figure | target | met |");
        text.AppendLine("|---|---|---|---|---|");
        foreach (var row in rows)
        {
            text.AppendLine($"| {row.Benchmark} | {row.Measure} | {Escape(row.Figure)} | {Escape(row.Target)} | {(row.Met is { } met ? met ? "yes" : "**no**" : "")} |");
        }

        if (micro is not null)
        {
            text.AppendLine();
            text.AppendLine("Microbenchmarks (BenchmarkDotNet, short job):");
            text.AppendLine();
            text.AppendLine(micro.Trim());
        }

        text.AppendLine(End);
        return text.ToString();
    }

    /// <summary>Replaces the marked region of <paramref name="path"/>, or creates the file around it.</summary>
    public static async Task WriteAsync(string path, string region)
    {
        var existing = File.Exists(path) ? await File.ReadAllTextAsync(path) : "";
        var begin = existing.IndexOf(Begin, StringComparison.Ordinal);
        var end = existing.IndexOf(End, StringComparison.Ordinal);
        string content;
        if (begin >= 0 && end > begin)
        {
            content = existing[..begin] + region.TrimEnd('\n') + existing[(end + End.Length)..];
        }
        else
        {
            content = $"# Benchmarks\n\n{region}\n{existing}";
        }

        await File.WriteAllTextAsync(path, content);
    }

    public static string Machine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memory = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var gib = memory is not null && long.TryParse(memory.Split(' ')[0], out var kb) ? $"{kb / 1024.0 / 1024:N1} GiB" : "unknown memory";
        return $"{Environment.ProcessorCount} cores ({cpu ?? RuntimeInformation.ProcessArchitecture.ToString()}), {gib}, {RuntimeInformation.OSDescription}";
    }

    private static string Escape(string cell) => cell.Replace("|", "\\|", StringComparison.Ordinal);
}
