using System.Diagnostics;
using System.Text.Json.Nodes;
using WaQup.Client;

namespace WaQup.Probe;

/// <summary>
/// Reads a conversation in order, stamping each message as it is taken, and keeps what the probe needs to behave as a
/// person would: the state, and until when the last reply is still being heard (it arrives faster than it plays).
/// </summary>
public sealed class Listener(ConversationClient client, TimeSpan patience)
{
    private long _firstFrameAt;

    public string State { get; private set; } = "";

    /// <summary>The <see cref="Stopwatch"/> timestamp until which the last finished reply plays.</summary>
    public long HeardUntil { get; private set; }

    /// <summary>The next message and the <see cref="Stopwatch"/> timestamp at which it was taken.</summary>
    public async Task<(Received Message, long At)> NextAsync()
    {
        var next = await client.NextAsync(patience) ?? throw new InvalidOperationException("the server closed the socket");
        var at = Stopwatch.GetTimestamp();
        switch (next.Type)
        {
            case "state.changed":
                State = (string?)next.Event!["state"] ?? State;
                break;
            case "audio.start":
                _firstFrameAt = 0;
                break;
            case "audio.done" when _firstFrameAt != 0:
                HeardUntil = _firstFrameAt + (long)((double?)next.Event!["duration_ms"] ?? 0) * Stopwatch.Frequency / 1000;
                break;
            case null when next.IsAudio && _firstFrameAt == 0:
                _firstFrameAt = at;
                break;
        }

        return (next, at);
    }

    public async Task<JsonObject> WaitForAsync(string type, Func<JsonObject, bool>? where = null)
    {
        while (true)
        {
            var (next, _) = await NextAsync();
            if (next.Type == type && (where is null || where(next.Event!)))
            {
                return next.Event!;
            }
        }
    }

    /// <summary>When the next audio frame arrived.</summary>
    public async Task<long> FirstAudioAsync()
    {
        while (true)
        {
            var (next, at) = await NextAsync();
            if (next.IsAudio)
            {
                return at;
            }
        }
    }

    /// <summary>Waits until the last reply has played out, as a person listens before they answer.</summary>
    public Task WaitHeardAsync(CancellationToken cancellationToken)
    {
        var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), HeardUntil);
        return left > TimeSpan.Zero ? Task.Delay(left, cancellationToken) : Task.CompletedTask;
    }
}
