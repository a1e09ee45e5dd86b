using WaQup.Client;

namespace WaQup.Load;

/// <summary>One simulated session slot: plays scripted conversations until the run stops, starting over after a failure.</summary>
/// <param name="voice">What the voice scenario says; null when the run speaks nothing.</param>
public sealed class VirtualUser(int index, LoadOptions options, DevTokens tokens, LoadMetrics metrics, VoiceLines? voice = null)
{
    /// <summary>The dearest script costs 2 credits; below this a fresh user is made so no script runs out.</summary>
    private const int MinimumBalance = 4;

    /// <summary>ConversationClient keeps every frame it received, so a connection is recycled after about a ritual's worth.</summary>
    private const int MaxFramesPerConnection = 1500;

    private static readonly string[] Topics = ["confidence at work", "sleeping well", "a calm morning", "patience with my kids", "letting go of the day"];
    private static readonly string[] Kinds = ["affirmation", "ritual", "meditation"];

    private readonly Random _random = new(index * 7919 + 17);
    private string? _token;

    public async Task RunAsync(CancellationToken stop)
    {
        await using var session = new SimulatedSession(options.Url, metrics, options.Patience);
        await using var abortOnStop = stop.Register(session.Abort);
        var next = options.Mix.First(index);
        var active = false;
        while (!stop.IsCancellationRequested)
        {
            var scenario = next;
            next = options.Mix.Pick(_random);
            try
            {
                if (!session.Connected || session.Balance < MinimumBalance || session.FramesOnConnection > MaxFramesPerConnection)
                {
                    var fresh = !session.Connected || session.Balance < MinimumBalance;
                    await session.EndAsync();
                    SetActive(ref active, false);
                    var token = fresh ? await NewUserAsync(stop) : _token!;
                    await session.StartAsync(token, stop);
                    SetActive(ref active, true);
                }

                await ThinkAsync(stop);
                await PlayAsync(scenario, session, stop);
                metrics.ConversationDone(scenario);
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                metrics.SessionFailed($"{scenario}: {e.GetType().Name}: {e.Message}");
                await session.DisposeAsync();
                SetActive(ref active, false);
                _token = null;
            }
        }

        SetActive(ref active, false);
    }

    private async Task<string> NewUserAsync(CancellationToken stop)
    {
        _token = await tokens.NewUserAsync(stop);
        metrics.UserCreated();
        return _token;
    }

    private void SetActive(ref bool active, bool now)
    {
        if (active != now)
        {
            metrics.Active(now ? 1 : -1);
            active = now;
        }
    }

    private Task ThinkAsync(CancellationToken stop) => options.Think > TimeSpan.Zero ? Task.Delay(options.Think, stop) : Task.CompletedTask;

    private string Topic() => Topics[_random.Next(Topics.Length)];

    private Task PlayAsync(Scenario scenario, SimulatedSession session, CancellationToken stop) => scenario switch
    {
        Scenario.FreeTextAffirmation => FreeTextAsync(session, stop),
        Scenario.StructuredRequest => StructuredAsync(session, stop),
        Scenario.CancelMidSpeech => CancelAsync(session, stop),
        Scenario.DisconnectAndResume => ResumeAsync(session, stop),
        Scenario.Voice => VoiceAsync(session, stop),
        _ => BadInputAsync(session, stop),
    };

    private async Task FreeTextAsync(SimulatedSession session, CancellationToken stop)
    {
        await session.SendAsync(new { type = "user.text", text = $"an affirmation set for {Topic()}, one minute" });
        await session.WaitEventAsync("state.changed", e => (string?)e["state"] is "confirming" or "clarifying");
        if (session.State != "confirming")
        {
            throw new ScriptFailure($"a complete request went to {session.State} instead of confirming");
        }

        await session.WaitQuietAsync("confirming");
        await ThinkAsync(stop);
        await session.RequestRitualAsync(new { type = "user.text", text = "yes" }, stop);
        await session.WaitEventAsync("ritual.created");
        await session.WaitQuietAsync("listening");
    }

    private async Task StructuredAsync(SimulatedSession session, CancellationToken stop)
    {
        await session.RequestRitualAsync(new { type = "ritual.request", kind = Kinds[_random.Next(Kinds.Length)], topic = Topic(), duration_minutes = 1, confirm = true }, stop);
        await session.WaitEventAsync("ritual.created");
        await session.WaitQuietAsync("listening");
    }

    private async Task CancelAsync(SimulatedSession session, CancellationToken stop)
    {
        await session.RequestRitualAsync(new { type = "ritual.request", kind = "meditation", topic = Topic(), duration_minutes = 1, confirm = true }, stop);
        await session.WaitRitualFramesAsync(3 + _random.Next(5));
        var sent = System.Diagnostics.Stopwatch.GetTimestamp();
        await session.SendAsync(new { type = "response.cancel" });
        await session.WaitEventAsync("response.cancelled");
        metrics.Cancelled(sent);
        // Frames of the cancelled response that still come in while the session settles fail the script.
        await session.WaitQuietAsync("listening");
    }

    private async Task ResumeAsync(SimulatedSession session, CancellationToken stop)
    {
        await session.RequestRitualAsync(new { type = "ritual.request", kind = "affirmation", topic = Topic(), duration_minutes = 1, confirm = true }, stop);
        await session.WaitRitualFramesAsync(5 + _random.Next(10));
        var heard = session.LastSeq;
        await session.AbortAndResumeAsync(stop);
        // Every frame checks seq = previous + 1, so a few frames after the resume prove it went on with no gap or duplicate.
        await session.WaitAsync(_ => session.LastSeq >= heard + 3, $"frames after resuming from {heard}");
        metrics.Resumed();
        await session.WaitEventAsync("ritual.created");
        await session.WaitQuietAsync("listening");
    }

    /// <summary>
    /// A request and its "yes", spoken. What the recogniser gets wrong is counted, not failed: a request heard other
    /// than it was said or not taken as one, or an answer heard without its "yes", ends the session, and the next
    /// conversation starts a new one.
    /// </summary>
    private async Task VoiceAsync(SimulatedSession session, CancellationToken stop)
    {
        var lines = voice ?? throw new InvalidOperationException("the voice scenario was picked but the run has no voice lines");
        var request = lines.Requests[_random.Next(lines.Requests.Count)];
        var (heard, _) = await session.SayAsync(request, stop);
        if (TranscriptCheck.Words(heard).Length > 0)
        {
            await session.WaitEventAsync("state.changed", e => (string?)e["state"] is "confirming" or "clarifying" or "listening");
        }

        // A request heard other than it was said may be quoted as something else (another length, another price):
        // saying yes to it would buy what nobody asked for.
        if (session.State != "confirming" || (request.Text is { } said && TranscriptCheck.WordErrors(said, heard) > 0))
        {
            await MisheardAsync(session);
            return;
        }

        await session.WaitQuietAsync("confirming");
        await ThinkAsync(stop);
        var answer = lines.Answers[_random.Next(lines.Answers.Count)];
        if (!await session.SayRitualRequestAsync(answer, words => TranscriptCheck.Words(words).Contains("yes"), stop))
        {
            await MisheardAsync(session);
            return;
        }

        await session.WaitEventAsync("ritual.created");
        await session.WaitQuietAsync("listening");
    }

    private async Task MisheardAsync(SimulatedSession session)
    {
        metrics.Misheard();
        await session.EndAsync();
    }

    private async Task BadInputAsync(SimulatedSession session, CancellationToken stop)
    {
        session.ExpectError("bad_request");
        await session.SendTextAsync("this is not json {");
        var error = await session.WaitEventAsync("error");
        if ((bool?)error["fatal"] == true)
        {
            throw new ScriptFailure("a non-JSON frame got a fatal error");
        }

        metrics.BadInputAnswered();
        // The session must still be usable: it makes a ritual right after.
        await StructuredAsync(session, stop);
    }
}
