using System.Runtime.InteropServices;
using System.Text;

namespace WaQup.Bench;

/// <summary>
/// Writes the results into docs/benchmarks.md between its markers, keeping the hand-written analysis around them. The
/// voices benchmark has a block of its own, so a run of one leaves the other's figures as they were.
/// </summary>
public static class BenchReport
{
    public const string Begin = "<!-- bench:begin (written by ./waqup bench; edits inside are overwritten) -->";
    public const string End = "<!-- bench:end -->";
    public const string VoicesBegin = "<!-- bench:voices:begin (written by ./waqup bench --only voices; edits inside are overwritten) -->";
    public const string VoicesEnd = "<!-- bench:voices:end -->";
    public const string WebhooksBegin = "<!-- bench:webhooks:begin (written by ./waqup bench --only webhooks; edits inside are overwritten) -->";
    public const string WebhooksEnd = "<!-- bench:webhooks:end -->";
    public const string CatalogBegin = "<!-- bench:catalog:begin (written by ./waqup bench --only catalog; edits inside are overwritten) -->";
    public const string CatalogEnd = "<!-- bench:catalog:end -->";

    public static string Render(BenchOptions options, IReadOnlyList<BenchRow> rows, string? micro, TimeSpan took)
    {
        var text = new StringBuilder();
        text.AppendLine(Begin);
        text.AppendLine($"Run on {DateTimeOffset.Now:yyyy-MM-dd HH:mm zzz}, {Machine()}, .NET {Environment.Version}, in {took.TotalMinutes:N1} min.");
        text.AppendLine($"Settings: {options.IdleSessions:N0} idle sessions, warm-up {options.Warmup.TotalSeconds:N0} s, {options.StreamingSessions:N0} streaming, active {string.Join(" and ", options.ActiveSessions.Select(n => n.ToString("N0")))}, {options.EventSessions} sessions for the event rate, hold {options.Hold.TotalSeconds:N0} s, {options.RecognitionSessions} speaking {options.RecognitionRounds} sentences each{(options.Quick ? " (--quick)" : "")}.");
        AppendTable(text, rows);
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

    /// <summary>The voices benchmark's block: when and where it ran, and its table.</summary>
    public static string RenderVoices(BenchOptions options, IReadOnlyList<BenchRow> rows, TimeSpan took)
    {
        var text = new StringBuilder();
        text.AppendLine(VoicesBegin);
        text.AppendLine($"Run on {DateTimeOffset.Now:yyyy-MM-dd HH:mm zzz}, {Machine()}, .NET {Environment.Version}, load average {LoadAverage()} at the end (other work shares this machine), in {took.TotalMinutes:N1} min.");
        text.AppendLine($"Settings: {options.VoiceRounds} rounds of {options.VoiceSentences} sentences per voice, {options.VoiceRituals} rituals per voice, at most {options.VoiceMaxSessions} rituals at once{(options.Quick ? " (--quick)" : "")}.");
        AppendTable(text, rows);
        text.AppendLine(VoicesEnd);
        return text.ToString();
    }

    /// <summary>The webhooks benchmark's block: when and where it ran, the commit measured, and its table.</summary>
    public static string RenderWebhooks(BenchOptions options, IReadOnlyList<BenchRow> rows, TimeSpan took) => RenderBlock(
        WebhooksBegin,
        WebhooksEnd,
        $"Settings: {options.WebhookRecorded:N0} events recorded before, {options.WebhookConcurrency} deliveries in flight, {options.WebhookUsers:N0} users, warm-up {options.Warmup.TotalSeconds:N0} s, hold {options.WebhookHold.TotalSeconds:N0} s with 20 % re-sent, then {options.WebhookHold.TotalSeconds / 4:N0} s of re-sent only and {options.WebhookHold.TotalSeconds / 4:N0} s of new only at {Environment.ProcessorCount} in flight{(options.Quick ? " (--quick)" : "")}.",
        rows,
        took);

    /// <summary>Replaces the webhooks region of <paramref name="path"/>, or adds it at the end under a heading of its own.</summary>
    public static Task WriteWebhooksAsync(string path, string region) =>
        WriteBlockAsync(path, region, WebhooksBegin, WebhooksEnd, "Stripe webhooks (issue 16)");

    /// <summary>The catalog benchmark's block: when and where it ran, the commit measured, and its table.</summary>
    public static string RenderCatalog(BenchOptions options, IReadOnlyList<BenchRow> rows, TimeSpan took) => RenderBlock(
        CatalogBegin,
        CatalogEnd,
        $"Settings: {options.CatalogPacks:N0} published packs, {options.CatalogConcurrency} searches in flight, warm-up {options.Warmup.TotalSeconds:N0} s, hold {options.CatalogHold.TotalSeconds:N0} s, then {options.CatalogHold.TotalSeconds / 3:N0} s one at a time{(options.Quick ? " (--quick)" : "")}. Latency is over HTTP, from sending the request to reading the whole answer.",
        rows,
        took);

    /// <summary>A benchmark's own block: when and where it ran (with the load of the shared machine and the commit), its settings, its table.</summary>
    private static string RenderBlock(string begin, string end, string settings, IReadOnlyList<BenchRow> rows, TimeSpan took)
    {
        var text = new StringBuilder();
        text.AppendLine(begin);
        text.AppendLine($"Run on {DateTimeOffset.Now:yyyy-MM-dd HH:mm zzz}, {Machine()}, .NET {Environment.Version}, load average {LoadAverage()} at the end (other work shares this machine), in {took.TotalMinutes:N1} min{Commit()}.");
        text.AppendLine(settings);
        AppendTable(text, rows);
        text.AppendLine(end);
        return text.ToString();
    }

    /// <summary>Replaces the catalog region of <paramref name="path"/>, or adds it at the end under a heading of its own.</summary>
    public static Task WriteCatalogAsync(string path, string region) =>
        WriteBlockAsync(path, region, CatalogBegin, CatalogEnd, "Catalog search (issue 17)");

    /// <summary>", commit abc1234" of the working tree the bench runs from, when git can say (with "+changes" when it has any).</summary>
    private static string Commit()
    {
        try
        {
            string Git(string arguments)
            {
                using var git = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("git", arguments)
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    WorkingDirectory = AppContext.BaseDirectory,
                })!;
                var output = git.StandardOutput.ReadToEnd().Trim();
                git.WaitForExit();
                return git.ExitCode == 0 ? output : "";
            }

            var head = Git("rev-parse --short HEAD");
            return head.Length == 0 ? "" : $", commit {head}{(Git("status --porcelain --untracked-files=no").Length > 0 ? " +changes" : "")}";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "";
        }
    }

    /// <summary>Replaces the main marked region of <paramref name="path"/>, or creates the file around it.</summary>
    public static async Task WriteAsync(string path, string region)
    {
        var existing = File.Exists(path) ? await File.ReadAllTextAsync(path) : "";
        await File.WriteAllTextAsync(path, Replace(existing, region, Begin, End) ?? $"# Benchmarks\n\n{region}\n{existing}");
    }

    /// <summary>Replaces the voices region of <paramref name="path"/>, or adds it at the end under a heading of its own.</summary>
    public static Task WriteVoicesAsync(string path, string region) =>
        WriteBlockAsync(path, region, VoicesBegin, VoicesEnd, "The embedded voices");

    /// <summary>Replaces the region between <paramref name="begin"/> and <paramref name="end"/>, or adds it at the end under <paramref name="heading"/>.</summary>
    private static async Task WriteBlockAsync(string path, string region, string begin, string end, string heading)
    {
        var existing = File.Exists(path) ? await File.ReadAllTextAsync(path) : "# Benchmarks\n";
        await File.WriteAllTextAsync(path, Replace(existing, region, begin, end) ?? $"{existing.TrimEnd('\n')}\n\n## {heading}\n\n{region}");
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

    /// <summary>The system's load average over the last minute, from /proc: how busy the shared machine was.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

    /// <summary><paramref name="existing"/> with what lies between <paramref name="begin"/> and <paramref name="end"/> replaced; null without them.</summary>
    private static string? Replace(string existing, string region, string begin, string end)
    {
        var from = existing.IndexOf(begin, StringComparison.Ordinal);
        var to = from < 0 ? -1 : existing.IndexOf(end, from, StringComparison.Ordinal);
        return to > from ? existing[..from] + region.TrimEnd('\n') + existing[(to + end.Length)..] : null;
    }

    private static void AppendTable(StringBuilder text, IReadOnlyList<BenchRow> rows)
    {
        text.AppendLine();
        text.AppendLine("| benchmark | measure | figure | target | met |");
        text.AppendLine("|---|---|---|---|---|");
        foreach (var row in rows)
        {
            text.AppendLine($"| {row.Benchmark} | {row.Measure} | {Escape(row.Figure)} | {Escape(row.Target)} | {(row.Met is { } met ? met ? "yes" : "**no**" : "")} |");
        }
    }

    private static string Escape(string cell) => cell.Replace("|", "\\|", StringComparison.Ordinal);
}
