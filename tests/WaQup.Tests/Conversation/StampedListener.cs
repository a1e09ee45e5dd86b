using System.Buffers.Binary;
using System.Text.Json.Nodes;
using WaQup.Client;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Conversation;

/// <summary>
/// One person listening to a session whose speech is stamped (<see cref="StampedSpeech"/>): every frame it receives
/// must come in order with no gap and hold nothing but the stamp of the response it is numbered under, across
/// acknowledgements, cancels and resumes. A poisoned sample, or another response's, fails the test at once.
/// </summary>
public sealed class StampedListener(WaQupServer server, string user) : IAsyncDisposable
{
    /// <summary>Frames heard before the listener makes mischief, and between its acknowledgements.</summary>
    private const int MischiefAfter = 20;
    private const int AckEvery = 4;

    private readonly Dictionary<string, int> _tags = [];
    private ConversationClient _client = null!;
    private string _sessionId = "";
    private string _resumeToken = "";
    private string? _current;
    private uint _lastSeq;
    private bool _created;

    public int FramesChecked { get; private set; }

    public async Task StartAsync()
    {
        _client = await server.ConnectAsync(user);
        await _client.SendAsync(new { type = "session.start" });
        await ReadUntilAsync(r => r.Type == "state.changed" && (string?)r.Event!["state"] == "listening");
        Assert.NotEmpty(_sessionId);
    }

    /// <summary>Asks for a ritual tagged <paramref name="tag"/>, makes <paramref name="mischief"/> while it streams, and waits until the session listens again.</summary>
    public async Task RitualAsync(int tag, Mischief mischief)
    {
        _created = false;
        await _client.SendAsync(new { type = "ritual.request", kind = "affirmation", topic = $"#{tag}", duration_minutes = 1, confirm = true });
        var heard = FramesChecked;
        var started = await ReadUntilAsync(r => FramesChecked >= heard + MischiefAfter || r.Type is "ritual.created" or "error");
        Assert.True(started.IsAudio || started.Type == "ritual.created", $"{user}: ritual #{tag} did not start: {started.Event?.ToJsonString()}");
        switch (mischief)
        {
            case Mischief.AckBeyond:
                await _client.SendAsync(new { type = "audio.ack", seq = _lastSeq + 1_000 });
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
                await ResumeAsync();
                break;
        }

        if (!_created)
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
    /// the last frame heard. The drop is early in a long response, so no event the listener waits for is lost with it.
    /// </summary>
    private async Task ResumeAsync()
    {
        _client.Abort();
        await _client.DisposeAsync();
        _client = await server.ConnectAsync(user);
        await _client.SendAsync(new { type = "session.start", session_id = _sessionId, resume_token = _resumeToken, last_audio_seq = _lastSeq });
        var ready = await ReadUntilAsync(r => r.Type == "session.ready");
        Assert.True((bool)ready.Event!["resumed"]!, $"{user}: the resume was not a resume");
    }

    /// <summary>Reads, checking everything, until <paramref name="done"/> holds for what was just read.</summary>
    private async Task<Received> ReadUntilAsync(Func<Received, bool> done)
    {
        while (true)
        {
            var received = await _client.NextAsync(Talk.Patience)
                ?? throw new InvalidOperationException($"{user}: the socket closed; last frame heard {_lastSeq}");
            await CheckAsync(received);
            if (done(received))
            {
                return received;
            }
        }
    }

    private async Task CheckAsync(Received received)
    {
        if (received.Audio is { } pcm)
        {
            CheckFrame(received.Seq, pcm);
            if (FramesChecked % AckEvery == 0)
            {
                await _client.SendAsync(new { type = "audio.ack", seq = received.Seq });
            }

            return;
        }

        var evt = received.Event!;
        var responseId = (string?)evt["response_id"];
        switch (received.Type)
        {
            case "session.ready":
                _sessionId = (string)evt["session_id"]!;
                _resumeToken = (string)evt["resume_token"]!;
                break;
            case "assistant.text.delta" when StampedSpeech.TagIn((string)evt["text"]!) is { } tag:
                _tags.TryAdd(responseId!, tag);
                break;
            case "ritual.created":
                _created = true;
                break;
            case "audio.start":
                Assert.True(_tags.ContainsKey(responseId!), $"{user}: audio of {responseId} began before any of its text");
                _current = responseId;
                break;
            case "audio.done" or "response.cancelled" when responseId == _current:
                _current = null;
                break;
            case "error" when (bool)evt["fatal"]!:
                Assert.Fail($"{user}: fatal error {evt.ToJsonString()}");
                break;
        }
    }

    private void CheckFrame(uint seq, byte[] pcm)
    {
        Assert.True(seq == _lastSeq + 1, $"{user}: frame {seq} came after frame {_lastSeq}: frames come in order, with no gap");
        _lastSeq = seq;
        Assert.True(_current is not null, $"{user}: frame {seq} came outside any response's audio");
        var expected = StampedSpeech.StampOf(_tags[_current]);
        for (var i = 0; i + 1 < pcm.Length; i += 2)
        {
            var sample = BinaryPrimitives.ReadInt16LittleEndian(pcm.AsSpan(i));
            if (sample != expected)
            {
                Assert.Fail($"{user}: frame {seq} of response {_current} (tag {_tags[_current]}) holds {Describe(sample)} at byte {i}");
            }
        }

        FramesChecked++;
    }

    private static string Describe(short sample) =>
        sample == unchecked((short)(PoisoningFramePool.Poison * 0x0101))
            ? "poison: its buffer went back to the pool before it was sent"
            : sample - StampedSpeech.StampOf(0) is var tag and >= 0 and < 30_000
                ? $"the audio of tag {tag}: another response's"
                : $"sample {sample}, nobody's";
}
