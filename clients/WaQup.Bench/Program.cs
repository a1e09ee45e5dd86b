using System.Diagnostics;
using System.Runtime.InteropServices;
using Spectre.Console;
using WaQup.Bench;

if (args is ["bare-server", var port, var frames, var events])
{
    await BareWebSocketServer.RunAsync(int.Parse(port), int.Parse(frames), int.Parse(events));
    return 0;
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine($"bench: {error.Message}");
    Console.Error.WriteLine("usage: WaQup.Bench --silo WaQup.Silo.dll --postgres CONN [--out docs/benchmarks.md] [--micro FILE.md] [--only density,streaming,overhead,events,recognition,voices] [--quick]");
    Console.Error.WriteLine("       [--idle N] [--streaming N] [--active N,N] [--events-sessions N] [--hold SECONDS]");
    Console.Error.WriteLine("       [--recognition-sessions N] [--recognition-rounds N] [--recognition-takes N]");
    Console.Error.WriteLine("       [--voice-rounds N] [--voice-rituals N] [--voice-max N]   (voices: not in the default set; --only voices)");
    Console.Error.WriteLine("       [--webhook-recorded N] [--webhook-concurrency N] [--webhook-users N] [--webhook-hold SECONDS]   (webhooks: not in the default set; --only webhooks)");
    Console.Error.WriteLine("       [--catalog-packs N] [--catalog-concurrency N] [--catalog-hold SECONDS]   (catalog: not in the default set; --only catalog)");
    return 2;
}

using var cancel = new CancellationTokenSource();
// Ctrl-C or SIGTERM: stop measuring and let every silo and baseline process this run started be stopped.
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

var rows = new List<BenchRow>();
var voiceRows = new List<BenchRow>();
var webhookRows = new List<BenchRow>();
var catalogRows = new List<BenchRow>();
var clock = Stopwatch.StartNew();
void Progress(string line) => AnsiConsole.MarkupLineInterpolated($"[grey]{clock.Elapsed:mm\\:ss}[/] {line}");

try
{
    if (options.Only.Contains("density"))
    {
        Progress($"density: {options.IdleSessions:N0} idle sessions");
        rows.AddRange(await DensityBench.RunAsync(options, Progress, cancel.Token));
    }

    if (options.Only.Contains("streaming"))
    {
        Progress($"streaming: {options.StreamingSessions:N0} sessions at real-time pace");
        rows.AddRange(await StreamingBench.RunAsync(options, Progress, cancel.Token));
    }

    if (options.Only.Contains("overhead"))
    {
        foreach (var count in options.ActiveSessions)
        {
            Progress($"overhead: {count:N0} active sessions");
            rows.AddRange(await OverheadBench.RunAsync(options, count, Progress, cancel.Token));
        }
    }

    if (options.Only.Contains("events"))
    {
        Progress($"events: {options.EventSessions} sessions, unpaced, engine then bare WebSocket");
        rows.AddRange(await EventRateBench.RunAsync(options, Progress, cancel.Token));
    }

    if (options.Only.Contains("recognition"))
    {
        Progress($"recognition: flite voices {string.Join(" and ", RecognitionBench.Voices)}, one session, then {options.RecognitionSessions} at once");
        rows.AddRange(await RecognitionBench.RunAsync(options, Progress, cancel.Token));
    }

    if (options.Only.Contains("voices"))
    {
        Progress($"voices: flite ({string.Join(", ", EmbeddedVoice.All.Where(v => v.Provider == "flite").Select(v => v.Voice))}) against espeak-ng");
        voiceRows.AddRange(await VoiceBench.RunAsync(options, Progress, cancel.Token));
    }

    if (options.Only.Contains("webhooks"))
    {
        Progress($"webhooks: signed checkout.session.completed events, {options.WebhookConcurrency} in flight, {options.WebhookRecorded:N0} events recorded before");
        webhookRows.AddRange(await WebhookBench.RunAsync(options, Progress, cancel.Token));
    }

    if (options.Only.Contains("catalog"))
    {
        Progress($"catalog: {options.CatalogPacks:N0} published packs, searches over HTTP at {options.CatalogConcurrency} in flight");
        catalogRows.AddRange(await CatalogBench.RunAsync(options, Progress, cancel.Token));
        catalogRows.AddRange(await PurchaseBench.RunAsync(options, Progress, cancel.Token));
    }
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    Console.Error.WriteLine("bench: interrupted; nothing written");
    return 130;
}

var table = new Table().AddColumns("benchmark", "measure", "figure", "target", "met");
foreach (var row in rows.Concat(voiceRows).Concat(webhookRows).Concat(catalogRows))
{
    table.AddRow(
        Markup.Escape(row.Benchmark),
        Markup.Escape(row.Measure),
        Markup.Escape(row.Figure),
        Markup.Escape(row.Target),
        row.Met switch { true => "[green]yes[/]", false => "[red]no[/]", null => "" });
}

AnsiConsole.Write(table);
var micro = options.MicroSummaryPath is { } microPath && File.Exists(microPath) ? await File.ReadAllTextAsync(microPath) : null;
if (options.OutputPath is { } output)
{
    // Each block is rewritten only by a run that measured it: `--only voices` leaves the main block as it was.
    if (options.Only.Overlaps(BenchOptions.MainBenchmarks))
    {
        await BenchReport.WriteAsync(output, BenchReport.Render(options, rows, micro, clock.Elapsed));
    }

    if (options.Only.Contains("voices"))
    {
        await BenchReport.WriteVoicesAsync(output, BenchReport.RenderVoices(options, voiceRows, clock.Elapsed));
    }

    if (options.Only.Contains("webhooks"))
    {
        await BenchReport.WriteWebhooksAsync(output, BenchReport.RenderWebhooks(options, webhookRows, clock.Elapsed));
    }

    if (options.Only.Contains("catalog"))
    {
        await BenchReport.WriteCatalogAsync(output, BenchReport.RenderCatalog(options, catalogRows, clock.Elapsed));
    }

    Progress($"written to {output}");
}

return 0;

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    cancel.Cancel();
}
