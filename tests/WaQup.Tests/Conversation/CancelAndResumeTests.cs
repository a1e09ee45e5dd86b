using System.Text.Json.Nodes;
using WaQup.Client;
using WaQup.Grains.Sessions;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Conversation;

/// <summary>Barge-in, and coming back after a dropped connection.</summary>
public sealed class CancelAndResumeTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private WaQupServer Server => fixture.Server;

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Cancel_stops_the_audio_of_that_response_and_refunds_the_whole_reservation()
    {
        var user = Users.New();
        await using var client = await Server.ConnectAsync(user);
        await Talk.StartAsync(client);
        await Talk.RequestAsync(client, "meditation", "letting go of the day", 10);
        var reserved = await client.WaitForAsync("credits.updated", Talk.Patience);
        Assert.True((int)reserved["reserved"]! > 0);
        await client.WaitForAsync("state.changed", Talk.Patience, e => (string?)e["state"] == "speaking");
        for (var frames = 0; frames < 5;)
        {
            frames += (await client.NextAsync(Talk.Patience))!.IsAudio ? 1 : 0;
        }

        await client.SendAsync(new { type = "response.cancel" });
        var cancelled = await client.WaitForAsync("response.cancelled", Talk.Patience);
        var cancelledAt = client.Log.FindIndex(r => r.Type == "response.cancelled");
        var refunded = await client.WaitForAsync("credits.updated", Talk.Patience);
        await client.WaitForAsync("state.changed", Talk.Patience, e => (string?)e["state"] == "listening");

        Assert.Equal(10, (int)refunded["balance"]!);
        Assert.Equal(0, (int)refunded["reserved"]!);
        // Ending the session drains everything it still had to say before the socket closes: what came is all there is.
        await client.SendAsync(new { type = "session.end" });
        await client.ReadToCloseAsync(Talk.Patience);
        Assert.DoesNotContain(client.Log.Skip(cancelledAt), r => r.IsAudio);
        Assert.DoesNotContain(client.Log, r => r.Type == "ritual.created");

        var credits = await Server.GetJsonAsync<JsonObject>(user, "/v1/me/credits");
        Assert.Equal(10, (int)credits["balance"]!);
        Assert.Equal(["grant", "reserve", "refund"], credits["ledger"]!.AsArray().Select(e => (string?)e!["kind"]).ToList());
        Assert.Empty(await Server.GetJsonAsync<JsonArray>(user, "/v1/library"));
        Assert.NotNull((string?)cancelled["response_id"]);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_session_resumes_on_a_new_connection_with_every_retained_frame_after_the_last_one_heard_exactly_once()
    {
        var user = Users.New();
        var (first, ready) = await SpeakingAsync(user, "affirmation", "feeling at home in my body", 1);
        uint lastHeard = 0;
        for (var frames = 0; frames < 10;)
        {
            var next = (await first.NextAsync(Talk.Patience))!;
            if (next.IsAudio)
            {
                lastHeard = next.Seq;
                frames++;
            }
        }

        await using var second = await DropAndResumeAsync(first, user, ready, lastHeard);
        var resumed = second.Log.Single(r => r.Type == "session.ready").Event!;
        Assert.True((bool)resumed["resumed"]!);
        Assert.Equal((string?)ready["session_id"], (string?)resumed["session_id"]);
        Assert.NotEqual((string?)ready["resume_token"], (string?)resumed["resume_token"]);

        await second.WaitForAsync("ritual.created", TimeSpan.FromSeconds(60));
        var seqs = second.Log.Where(r => r.IsAudio).Select(r => r.Seq).ToList();
        Assert.NotEmpty(seqs);
        Assert.Equal(lastHeard + 1, seqs[0]);
        Assert.Equal(Enumerable.Range((int)lastHeard + 1, seqs.Count).Select(i => (uint)i), seqs);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_forged_resume_token_is_refused_and_the_socket_closed()
    {
        var user = Users.New();
        await using var first = await Server.ConnectAsync(user);
        var ready = await Talk.StartAsync(first);

        await using var thief = await Server.ConnectAsync(user);
        await thief.SendAsync(new { type = "session.start", session_id = (string?)ready["session_id"], resume_token = "forged-token-0000000000000000000000000" });
        var error = await Talk.ErrorAsync(thief);
        Assert.Equal("resume_failed", (string?)error["code"]);
        Assert.True((bool)error["fatal"]!);
        Assert.Empty(await thief.ReadToCloseAsync(Talk.Patience));

        await using var stranger = await Server.ConnectAsync(Users.New());
        await stranger.SendAsync(new { type = "session.start", session_id = (string?)ready["session_id"], resume_token = (string?)ready["resume_token"] });
        Assert.Equal("resume_failed", (string?)(await Talk.ErrorAsync(stranger))["code"]);

        await first.SendAsync(new { type = "user.text", text = "an affirmation set please" });
        await first.WaitForAsync("state.changed", Talk.Patience, e => (string?)e["state"] == "clarifying");
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Session_end_closes_the_socket_and_the_session_cannot_be_resumed()
    {
        var user = Users.New();
        await using var client = await Server.ConnectAsync(user);
        var ready = await Talk.StartAsync(client);
        await client.SendAsync(new { type = "session.end" });
        var rest = await client.ReadToCloseAsync(Talk.Patience);
        Assert.Contains(rest, r => r.Type == "state.changed" && (string?)r.Event!["state"] == "ended");

        await using var again = await Server.ConnectAsync(user);
        await again.SendAsync(new { type = "session.start", session_id = (string?)ready["session_id"], resume_token = (string?)ready["resume_token"] });
        Assert.Equal("resume_failed", (string?)(await Talk.ErrorAsync(again))["code"]);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Acknowledged_frames_are_not_replayed()
    {
        var user = Users.New();
        var first = await Server.ConnectAsync(user);
        var ready = await Talk.StartAsync(first);
        await Talk.RequestAsync(first, "affirmation", "patience with my kids", 1);
        await first.WaitForAsync("ritual.created", TimeSpan.FromSeconds(60));
        var last = first.Log.Where(r => r.IsAudio).Max(r => r.Seq);
        await first.SendAsync(new { type = "audio.ack", seq = last });
        // Events are handled in order: the answer to a bad one shows the ack has been taken in.
        await first.SendAsync(new { type = "user.dance" });
        await first.WaitForAsync("error", Talk.Patience);
        await using var second = await DropAndResumeAsync(first, user, ready, lastAudioSeq: 0);
        // The replay follows session.ready at once; ending the session drains the rest: what came is all there is.
        await second.SendAsync(new { type = "session.end" });
        await second.ReadToCloseAsync(Talk.Patience);
        Assert.DoesNotContain(second.Log, r => r.IsAudio);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Frames_acknowledged_while_audio_streams_are_not_replayed()
    {
        var user = Users.New();
        var (first, ready) = await SpeakingAsync(user, "meditation", "a calm evening", 10);
        var heard = new List<uint>();
        while (heard.Count < 80)
        {
            if ((await first.NextAsync(Talk.Patience))!.Audio is not null)
            {
                heard.Add(first.Log[^1].Seq);
            }

            if (heard.Count == 20)
            {
                // Mid-stream: no call of its own carries this ack; the bridge's next poll does. Events are handled in
                // order, so the answer to a bad one shows the ack has been taken in.
                await first.SendAsync(new { type = "audio.ack", seq = heard[^1] });
                await first.SendAsync(new { type = "user.dance" });
            }
        }

        if (!first.Log.Any(r => r.Type == "error"))
        {
            await first.WaitForAsync("error", Talk.Patience);
        }

        // Audio is still streaming, so polls go on, and one that sets out after the ack was taken in carries it. The
        // batch that follows the error may answer a poll that set out before; the one after it cannot. A poll returns
        // a batch at most, so more than a batch after the error comes from a poll that carried the ack.
        var answered = first.Log.FindIndex(r => r.Type == "error");
        await Until.TrueAsync(
            () => first.Log.Count - (answered + 1) > SessionGrain.MaxBatch,
            Talk.Patience,
            $"more than {SessionGrain.MaxBatch} frames and events came after the answer to the bad event");
        await using var second = await DropAndResumeAsync(first, user, ready, lastAudioSeq: 0);
        while (!second.Log.Any(r => r.IsAudio))
        {
            await second.NextAsync(Talk.Patience);
        }

        Assert.Equal(heard[19] + 1, second.Log.Where(r => r.IsAudio).Min(r => r.Seq));
    }

    /// <summary>A new user's session, started and asked for a ritual, once its audio begins.</summary>
    private async Task<(ConversationClient Client, JsonObject Ready)> SpeakingAsync(string user, string kind, string topic, int minutes)
    {
        var client = await Server.ConnectAsync(user);
        var ready = await Talk.StartAsync(client);
        await Talk.RequestAsync(client, kind, topic, minutes);
        await client.WaitForAsync("state.changed", Talk.Patience, e => (string?)e["state"] == "speaking");
        return (client, ready);
    }

    /// <summary>Drops <paramref name="first"/> without a close and resumes its session on a new connection, ready.</summary>
    private async Task<ConversationClient> DropAndResumeAsync(ConversationClient first, string user, JsonObject ready, uint lastAudioSeq)
    {
        first.Abort();
        await first.DisposeAsync();
        var second = await Server.ConnectAsync(user);
        await second.SendAsync(new
        {
            type = "session.start",
            session_id = (string?)ready["session_id"],
            resume_token = (string?)ready["resume_token"],
            last_audio_seq = lastAudioSeq,
        });
        await second.WaitForAsync("session.ready", Talk.Patience);
        return second;
    }
}
