using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using WaQup.Chaos;

const string usage = """
    usage: ./waqup chaos --urls URL,URL,... --kill-node I [--pid-dir DIR] [--sessions N] [--kill-after S] [--json FILE]
      Runs N sessions (default 200) mid-conversation across the nodes, kills node I (SIGKILL, by DIR/silo-I.pid,
      default .waqup/run) S seconds (default 3) after the last has started, and checks that every session resumes,
      every ledger balances and every saved ritual plays. Start the cluster first: ./waqup up --silos 3
    """;

var values = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 0; i + 1 < args.Length; i += 2)
{
    values[args[i]] = args[i + 1];
}

if (args.Length % 2 != 0 || !values.TryGetValue("--urls", out var urls) || !values.TryGetValue("--kill-node", out var killText)
    || !int.TryParse(killText, CultureInfo.InvariantCulture, out var killIndex))
{
    Console.Error.WriteLine(usage);
    return 2;
}

var nodes = urls.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(u => new Uri(u)).ToList();
if (killIndex < 0 || killIndex >= nodes.Count || nodes.Count < 2)
{
    Console.Error.WriteLine("error: --kill-node must name one of at least two --urls");
    return 2;
}

var pidFile = Path.Combine(values.GetValueOrDefault("--pid-dir", Path.Combine(".waqup", "run")), $"silo-{killIndex}.pid");
var options = new ChaosOptions(nodes, int.Parse(values.GetValueOrDefault("--sessions", "200"), CultureInfo.InvariantCulture))
{
    KillAfter = TimeSpan.FromSeconds(double.Parse(values.GetValueOrDefault("--kill-after", "3"), CultureInfo.InvariantCulture)),
};

using var interrupted = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    interrupted.Cancel();
};

var run = new ChaosRun(options, _ =>
{
    var pid = int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture);
    // Process.Kill is SIGKILL on Linux: no shutdown hook runs, as when a machine dies.
    Process.GetProcessById(pid).Kill();
    return Task.FromResult($"{nodes[killIndex]} (pid {pid})");
}, Console.Out);
var report = await run.RunAsync(interrupted.Token);
var json = JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower });
Console.WriteLine(json);
if (values.TryGetValue("--json", out var jsonFile))
{
    await File.WriteAllTextAsync(jsonFile, json);
}

return report.Passed ? 0 : 1;
