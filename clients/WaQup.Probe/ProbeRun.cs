using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using WaQup.Client;

namespace WaQup.Probe;

/// <summary>
/// Plays one short conversation per turn, each as a new user on a new connection: a request, then "yes", typed or
/// spoken at real-time pace; the ritual is cancelled at its first audio frame.
/// </summary>
public sealed class ProbeRun(ProbeOptions options, TextWriter output)
{
    private const string RequestText = "an affirmation set for confidence at work one minute";
    private const string AnswerText = "yes please";

    /// <summary>The longest a microphone stays open after speech: far past the server's 700 ms of silence.</summary>
    private static readonly TimeSpan MaxSilence = TimeSpan.FromSeconds(5);

    public async Task<ProbeReport> RunAsync(CancellationToken cancellationToken = default)
    {
        var (request, answer) = options.Speaks ? await VoiceLinesAsync(cancellationToken) : (null, null);
        using var http = new HttpClient { BaseAddress = options.BaseUri };
        var report = new ProbeReport();
        for (var turn = 1; turn <= options.Turns; turn++)
        {
            using var token = await http.PostAsJsonAsync("/v1/auth/dev-token", new { user_id = $"probe-{Guid.NewGuid():N}" }, cancellationToken);
            token.EnsureSuccessStatusCode();
            var accessToken = (string)(await token.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!["access_token"]!;
            var connecting = Stopwatch.StartNew();
            await using var client = await ConversationClient.ConnectAsync(options.BaseUri, accessToken, cancellationToken);
            var listener = new Listener(client, options.Patience);
            await client.SendAsync(new { type = "session.start" }, cancellationToken);
            await listener.WaitForAsync("session.ready");
            report.ConnectToReadyMs.Add(connecting.Elapsed.TotalMilliseconds);
            await listener.WaitForAsync("state.changed", e => (string?)e["state"] == "listening");
            if (request is null || answer is null)
            {
                await TypeAsync(client, listener, report);
            }
            else
            {
                await SpeakAsync(client, listener, report, turn, request, answer, cancellationToken);
            }

            await client.SendAsync(new { type = "response.cancel" }, cancellationToken);
            await listener.WaitForAsync("response.cancelled");
            await client.SendAsync(new { type = "session.end" }, cancellationToken);
        }

        return report;
    }

    private static async Task TypeAsync(ConversationClient client, Listener listener, ProbeReport report)
    {
        await client.SendAsync(new { type = "user.text", text = "an affirmation set for confidence at work, one minute" });
        await listener.WaitForAsync("state.changed", e => (string?)e["state"] == "confirming");
        await listener.WaitForAsync("audio.done");
        var confirming = Stopwatch.GetTimestamp();
        await client.SendAsync(new { type = "user.text", text = "yes" });
        await listener.FirstAudioAsync();
        report.ConfirmToAudioMs.Add(Stopwatch.GetElapsedTime(confirming).TotalMilliseconds);
    }

    private async Task SpeakAsync(ConversationClient client, Listener listener, ProbeReport report, int turn, VoiceLine request, VoiceLine answer, CancellationToken cancellationToken)
    {
        // A person lets the greeting finish before asking; speaking over it would cut it short (barge-in).
        await listener.WaitHeardAsync(cancellationToken);
        var asked = await SayAsync(client, listener, turn, request, cancellationToken);
        if (listener.State != "confirming")
        {
            throw new InvalidOperationException($"turn {turn}: the request was heard as \"{asked.Heard}\" and the session went to {listener.State}, not confirming");
        }

        await listener.WaitForAsync("audio.done");
        await listener.WaitHeardAsync(cancellationToken);
        var confirmed = await SayAsync(client, listener, turn, answer, cancellationToken);
        report.ConfirmToAudioMs.Add(confirmed.SpeechEndToAudioMs);
        report.Spoken.Add(asked);
        report.Spoken.Add(confirmed);
    }

    /// <summary>Speaks <paramref name="line"/> into an open microphone and measures until the reply's first audio frame.</summary>
    private async Task<SpokenTurn> SayAsync(ConversationClient client, Listener listener, int turn, VoiceLine line, CancellationToken cancellationToken)
    {
        await using var utterance = Utterance.Start(client, line.Pcm, realTime: true, MaxSilence, cancellationToken);
        long stopped = 0;
        long heardAt;
        string heard;
        while (true)
        {
            var (next, at) = await listener.NextAsync();
            if (next.Type == "input_audio.speech_stopped")
            {
                stopped = at;
            }
            else if (next.Type == "user.transcript" && (bool?)next.Event!["final"] == true)
            {
                utterance.Hush();
                heardAt = at;
                heard = (string?)next.Event["text"] ?? "";
                break;
            }
        }

        var speechEnd = await utterance.SpeechSent;
        if (stopped == 0)
        {
            throw new InvalidOperationException($"turn {turn}: a final transcript of {line.Name} came with no input_audio.speech_stopped before it");
        }

        var audioAt = await listener.FirstAudioAsync();
        await utterance.Completion;
        var spoken = new SpokenTurn(turn, line.Name, line.Text, heard,
            Milliseconds(speechEnd, stopped), Milliseconds(stopped, heardAt), Milliseconds(heardAt, audioAt));
        output.WriteLine(ProbeReport.Line(spoken));
        return spoken;
    }

    private async Task<(VoiceLine Request, VoiceLine Answer)> VoiceLinesAsync(CancellationToken cancellationToken)
    {
        if (options.VoiceDirectory is { } directory)
        {
            return (await VoiceLine.FromWavAsync(Path.Combine(directory, "request.wav"), cancellationToken),
                await VoiceLine.FromWavAsync(Path.Combine(directory, "yes.wav"), cancellationToken));
        }

        return (await VoiceLine.FliteAsync("request", RequestText, cancellationToken: cancellationToken),
            await VoiceLine.FliteAsync("yes", AnswerText, cancellationToken: cancellationToken));
    }

    private static double Milliseconds(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;
}
