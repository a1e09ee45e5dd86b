using WaQup.Client;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Conversation;

/// <summary>
/// One person listening over a real socket to a session whose speech is stamped, acknowledging as it goes and making
/// mischief on request; everything it receives is checked by a <see cref="StampedStream"/>.
/// </summary>
public sealed class StampedListener(WaQupServer server, string user) : IAsyncDisposable
{
    /// <summary>Frames heard before the listener makes mischief.</summary>
    private const int MischiefAfter = 20;
    private const int AckEvery = 4;

    private readonly StampedStream _stream = new(user);
    private ConversationClient _client = null!;

    public int FramesChecked => _stream.FramesChecked;

    public async Task StartAsync()
    {
        _client = await server.ConnectAsync(user);
        await _client.SendAsync(new { type = "session.start" });
        await ReadUntilListeningAsync();
        Assert.NotEmpty(_stream.SessionId);
    }

    /// <summary>Asks for a ritual tagged <paramref name="tag"/>, makes <paramref name="mischief"/> while it streams, and waits until the session listens again.</summary>
    public async Task RitualAsync(int tag, Mischief mischief)
    {
        var created = _stream.RitualsCreated;
        await _client.SendAsync(new { type = "ritual.request", kind = "affirmation", topic = $"#{tag}", duration_minutes = 1, confirm = true });
        var heard = FramesChecked;
        var started = await ReadUntilAsync(r => FramesChecked >= heard + MischiefAfter || r.Type is "ritual.created" or "error");
        Assert.True(started.IsAudio || started.Type == "ritual.created", $"{user}: ritual #{tag} did not start: {started.Event?.ToJsonString()}");
        switch (mischief)
        {
            case Mischief.AckBeyond:
                await _client.SendAsync(new { type = "audio.ack", seq = _stream.LastSeq + 1_000 });
                break;
            case Mischief.Cancel:
                await _client.SendAsync(new { type = "response.cancel" });
                // Either it stopped, or it was already delivered (a cancel after audio.done cancels nothing).
                if ((await ReadUntilAsync(r => r.Type is "response.cancelled" or "ritual.created")).Type == "response.cancelled")
                {
                    await ReadUntilListeningAsync();
                    return;
                }

                break;
            case Mischief.Resume:
                if (await ResumeAsync() is not ("generating" or "speaking") and var state)
                {
                    // Saved while the listener was away (a slow machine): its ritual.created went to the dropped socket.
                    if (state != "listening")
                    {
                        await ReadUntilListeningAsync();
                    }

                    return;
                }

                break;
        }

        if (_stream.RitualsCreated == created)
        {
            await ReadUntilAsync(r => r.Type == "ritual.created");
        }

        await ReadUntilListeningAsync();
    }

    public async Task EndAsync()
    {
        await _client.SendAsync(new { type = "session.end" });
        await ReadUntilAsync(r => r.Type == "state.changed" && (string?)r.Event!["state"] == "ended");
    }

    public ValueTask DisposeAsync() => _client?.DisposeAsync() ?? ValueTask.CompletedTask;

    private Task<Received> ReadUntilListeningAsync() =>
        ReadUntilAsync(r => r.Type == "state.changed" && (string?)r.Event!["state"] == "listening");

    /// <summary>
    /// Drops the connection mid-stream (everything still unread on it is lost, as on a real network) and resumes after
    /// the last frame heard; returns the state the session is in.
    /// </summary>
    private async Task<string> ResumeAsync()
    {
        _client.Abort();
        await _client.DisposeAsync();
        _client = await server.ConnectAsync(user);
        await _client.SendAsync(new { type = "session.start", session_id = _stream.SessionId, resume_token = _stream.ResumeToken, last_audio_seq = _stream.LastSeq });
        var ready = await ReadUntilAsync(r => r.Type == "session.ready");
        Assert.True((bool)ready.Event!["resumed"]!, $"{user}: the resume was not a resume");
        return (string)ready.Event["state"]!;
    }

    /// <summary>Reads, checking everything and acknowledging every few frames, until <paramref name="done"/> holds for what was just read.</summary>
    private async Task<Received> ReadUntilAsync(Func<Received, bool> done)
    {
        while (true)
        {
            var received = await _client.NextAsync(Talk.Patience)
                ?? throw new InvalidOperationException($"{user}: the socket closed; last frame heard {_stream.LastSeq}");
            _stream.Check(received);
            if (received.Type == "error" && (bool)received.Event!["fatal"]!)
            {
                Assert.Fail($"{user}: fatal error {received.Event.ToJsonString()}");
            }

            if (received.IsAudio && FramesChecked % AckEvery == 0)
            {
                await _client.SendAsync(new { type = "audio.ack", seq = received.Seq });
            }

            if (done(received))
            {
                return received;
            }
        }
    }
}
