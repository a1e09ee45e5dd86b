using WaQup.Load;

LoadOptions options;
try
{
    if (args is ["-h"] or ["--help"])
    {
        Console.WriteLine(LoadOptions.Usage);
        return 0;
    }

    options = LoadOptions.Parse(args);
}
catch (UsageException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    Console.Error.WriteLine(LoadOptions.Usage);
    return 2;
}

using var interrupted = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    interrupted.Cancel();
};

try
{
    await LoadRunner.CheckReachableAsync(options.Url, interrupted.Token);
}
catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException)
{
    Console.Error.WriteLine($"error: {options.Url} is not reachable or gives no dev tokens: {e.Message}");
    return 1;
}

VoiceLines? voice = null;
try
{
    voice = options.Voice is null ? null : await VoiceLines.LoadAsync(options.Voice, interrupted.Token);
}
catch (Exception e) when (e is InvalidDataException or InvalidOperationException or IOException)
{
    Console.Error.WriteLine($"error: the voice lines could not be made or read: {e.Message}");
    return 1;
}

var runner = new LoadRunner(options, voice);
var summary = await ProgressView.ShowAsync(runner, options, runner.RunAsync(interrupted.Token));

Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
    $"turns {summary.Turns}, rituals {summary.RitualsCreated} ({summary.RitualsPerMinute:0.0}/min), refused as overloaded {summary.RitualsRefused} ({summary.RefusedShare:P1}), failed sessions {summary.FailedSessions}, errors {summary.Errors.Values.Sum()}, turn p50/p99 {summary.TurnLatencyMs.P50:0.0}/{summary.TurnLatencyMs.P99:0.0} ms, cancel p50 {summary.CancelLatencyMs.P50:0.0} ms, connect p50 {summary.ConnectMs.P50:0.0} ms, late frames {summary.LateFrameRatio:P2}"));
if (summary.Voice.Utterances > 0)
{
    var heard = summary.Voice;
    Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"voice: utterances {heard.Utterances}, as said {heard.TranscriptsAsSaid}/{heard.TranscriptsKnown} (word errors {heard.WordErrorRate:P1}), empty {heard.EmptyTranscripts}, extra {heard.ExtraTranscripts}, misheard {heard.Misheard}, end of speech to final transcript p50/p99 {heard.SpeechEndToFinalMs.P50:0.0}/{heard.SpeechEndToFinalMs.P99:0.0} ms, speech_stopped to final p50/p99 {heard.StoppedToFinalMs.P50:0.0}/{heard.StoppedToFinalMs.P99:0.0} ms"));
}

Console.WriteLine($"summary written to {Path.GetFullPath(options.JsonPath)}");
if (options.ReportPath is not null)
{
    Console.WriteLine($"report written to {Path.GetFullPath(options.ReportPath)}");
}

return 0;
