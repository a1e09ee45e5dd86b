using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using WaQup.Api.Conversation;
using WaQup.Api.Conversation.Voice;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Conversation;

/// <summary>
/// The api's bridge, the real session grain and the silo's (poisoning) frame pool, with a socket that holds the write
/// of one frame for as long as the test likes: while it is held, the client claims frames it never got, resumes on a
/// second connection, or cancels. The held frame's buffer must be untouched when its write ends, and what follows must
/// still come whole and in order.
/// </summary>
public sealed class BridgeFrameOwnershipTests(StampedServer stamped) : IClassFixture<StampedServer>
{
    private const uint HeldSeq = 10;

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task An_ack_of_a_thousand_frames_more_than_were_sent_is_held_to_what_the_socket_has_written()
    {
        var (_, stream, socket, run) = await SpeakAndHoldAsync(tag: 1);

        var rents = stamped.Pool.Rents;
        await socket.SendAndWaitHandledAsync(new { type = "audio.ack", seq = HeldSeq - 1 + 1_000 });
        // The session speaks on while the frame is held: frames pile up that no poll has fetched yet.
        await Until.TrueAsync(() => stamped.Pool.Rents >= rents + 10, Talk.Patience, "the session appended frames while the write was held");
        await socket.ReleaseAsync();
        Assert.Null(socket.Rewritten);

        await socket.ReadUntilAsync(r => r.Type == "ritual.created", stream.Check);
        Assert.Equal(StampedServer.Sentences * StampedSpeech.FramesPerSentence, stream.FramesChecked);
        await EndAsync(socket, run);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_resume_while_the_first_connection_still_writes_a_frame_leaves_that_frame_alone()
    {
        var (user, stream, held, heldRun) = await SpeakAndHoldAsync(tag: 2);
        // The listener heard five frames before its network went quiet.
        await held.ReadUntilAsync(r => r.IsAudio && r.Seq == HeldSeq - 5, stream.Check);

        var (resumed, resumedRun) = Open(user, holdSeq: 0);
        resumed.Send(new { type = "session.start", session_id = stream.SessionId, resume_token = stream.ResumeToken, last_audio_seq = stream.LastSeq });
        // The second connection hears the held frame and the rest of the ritual, and acknowledges all of it: the
        // ack that ends a response goes to the session at once.
        var done = await resumed.ReadUntilAsync(r => r.Type == "audio.done", stream.Check);
        await resumed.SendAndWaitHandledAsync(new { type = "audio.ack", seq = (uint)done.Event!["last_seq"]! });

        await held.ReleaseAsync();
        Assert.Null(held.Rewritten);
        await resumed.ReadUntilAsync(r => r.Type == "ritual.created", stream.Check);
        await EndAsync(resumed, resumedRun);
        await heldRun;
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_cancel_while_a_frame_is_written_leaves_that_frame_alone_while_the_next_response_reuses_the_rest()
    {
        var (_, stream, socket, run) = await SpeakAndHoldAsync(tag: 3);

        await socket.SendAndWaitHandledAsync(new { type = "response.cancel" });
        var rents = stamped.Pool.Rents;
        await socket.SendAndWaitHandledAsync(Ritual(4));
        // The next ritual rents what the cancel gave back (and a held frame, were it given back).
        await Until.TrueAsync(() => stamped.Pool.Rents >= rents + 10, Talk.Patience, "the next ritual was spoken while the write was held");
        await socket.ReleaseAsync();
        Assert.Null(socket.Rewritten);

        await socket.ReadUntilAsync(r => r.Type == "ritual.created", stream.Check);
        await EndAsync(socket, run);
    }

    /// <summary>A new session on a socket that holds the write of frame <see cref="HeldSeq"/>, speaking a ritual tagged <paramref name="tag"/> until that write begins.</summary>
    private async Task<(string User, StampedStream Stream, ScriptedWebSocket Socket, Task Run)> SpeakAndHoldAsync(int tag)
    {
        var user = Users.New();
        var stream = new StampedStream(user);
        var (socket, run) = Open(user, HeldSeq);
        await StartAsync(socket, stream);
        socket.Send(Ritual(tag));
        await socket.Holding;
        return (user, stream, socket, run);
    }

    private (ScriptedWebSocket Socket, Task Run) Open(string user, uint holdSeq)
    {
        var socket = new ScriptedWebSocket { HoldSeq = holdSeq };
        var bridge = new ConversationBridge(socket, user, stamped.Server.Services.GetRequiredService<IGrainFactory>(), new SocketOptions(), NullLogger.Instance)
        {
            Voice = stamped.Server.Services.GetRequiredService<VoiceInputSetup>(),
        };
        return (socket, bridge.RunAsync(TestContext.Current.CancellationToken));
    }

    private static async Task StartAsync(ScriptedWebSocket socket, StampedStream stream)
    {
        socket.Send(new { type = "session.start" });
        await socket.ReadUntilAsync(r => r.Type == "state.changed" && (string?)r.Event!["state"] == "listening", stream.Check);
    }

    private static async Task EndAsync(ScriptedWebSocket socket, Task run)
    {
        socket.Send(new { type = "session.end" });
        await run;
    }

    private static object Ritual(int tag) => new { type = "ritual.request", kind = "affirmation", topic = $"#{tag}", duration_minutes = 1, confirm = true };
}
