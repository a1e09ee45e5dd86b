using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace WaQup.Chaos;

/// <summary>
/// One person talking through the fault: asks for ritual after ritual, and when its connection is lost (its node
/// died, or the silo holding its session did) resumes with its <c>resume_token</c> on the next node, until a ritual
/// asked for after the kill is saved. It keeps only counters, not the audio: hundreds run in one process.
/// </summary>
public sealed class ChaosSession(int index, string userId, string token, IReadOnlyList<Uri> nodes, ChaosClock clock)
{
    /// <summary>
    /// A connection is judged by WebSocket pings, not by silence: a busy server may say nothing for a while (a ritual
    /// being saved), and that is no reason to leave it. Silence this long means a stuck session, and is counted.
    /// </summary>
    public static readonly TimeSpan SilenceLimit = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan PingEvery = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan PongTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan ResumeRetry = TimeSpan.FromMilliseconds(100);
    private const int AckEvery = 25;

    private int _node = index % nodes.Count;
    private bool _awaiting;
    private bool _askedAfterKill;
    private uint _ackedSeq;
    private TimeSpan? _audioDoneAt;

    public int Index => index;

    public string UserId => userId;

    public string Token => token;

    public string? SessionId { get; private set; }

    public uint LastSeq { get; private set; }

    public List<string> Rituals { get; } = [];

    /// <summary>Time from the kill to each resume that followed it.</summary>
    public List<TimeSpan> ResumesAfterKill { get; } = [];

    public int Resumes { get; private set; }

    /// <summary>Frames that jumped ahead within one connection: the protocol allows none.</summary>
    public int GapsWithinConnection { get; private set; }

    /// <summary>Sequence numbers skipped across a resume: audio that was not retained (lost with a dead silo).</summary>
    public long SkippedAcrossResume { get; private set; }

    public int Refunded { get; private set; }

    /// <summary>Ritual requests the cluster refused with <c>overloaded</c> (and that were asked again).</summary>
    public int Overloaded { get; private set; }

    /// <summary>From a ritual's <c>audio.done</c> to its <c>ritual.created</c>, when both came on one connection.</summary>
    public List<TimeSpan> SavesAfterAudio { get; } = [];

    /// <summary>Connections left because nothing at all came for <see cref="SilenceLimit"/> although pings were answered.</summary>
    public int SilentReconnects { get; private set; }

    public bool Done { get; private set; }

    public string? Failure { get; private set; }

    public void Fail(string reason) => Failure ??= reason;

    /// <summary>What happened to the connection, with times from the start of the run: why each resume took as long as it did.</summary>
    public List<string> Trace { get; } = [];

    private void Note(string what)
    {
        // The latest are kept: they say why the last resume took long.
        if (Trace.Count == 40)
        {
            Trace.RemoveAt(0);
        }

        Trace.Add($"{clock.Elapsed.TotalSeconds:F2}s {what}");
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        string? resumeToken = null;
        var reconnecting = false;
        var disconnectedAt = TimeSpan.Zero;
        while (!Done && !cancellationToken.IsCancellationRequested)
        {
            using var socket = new ClientWebSocket();
            socket.Options.SetRequestHeader("Authorization", $"Bearer {token}");
            socket.Options.KeepAliveInterval = PingEvery;
            socket.Options.KeepAliveTimeout = PongTimeout;
            _audioDoneAt = null;
            try
            {
                await socket.ConnectAsync(new Uri($"ws://{nodes[_node].Authority}/v1/conversation"), cancellationToken);
                await SendAsync(socket, SessionId is null
                    ? new { type = "session.start" }
                    : new { type = "session.start", session_id = SessionId, resume_token = resumeToken, last_audio_seq = LastSeq }, cancellationToken);
                var ready = await ReadyAsync(socket, cancellationToken);
                if (ready is null)
                {
                    throw new WebSocketException("no session.ready");
                }

                resumeToken = (string?)ready["resume_token"];
                SessionId ??= (string?)ready["session_id"];
                if (reconnecting)
                {
                    Note($"resumed on {nodes[_node].Authority} in state {ready["state"]}");
                    Resumes++;
                    if (clock.Killed && disconnectedAt >= clock.KilledAt)
                    {
                        ResumesAfterKill.Add(clock.Elapsed - clock.KilledAt);
                    }
                }

                reconnecting = false;
                var state = (string?)ready["state"];
                _awaiting = state is "generating" or "speaking";
                if (!_awaiting)
                {
                    await AskAsync(socket, cancellationToken);
                }

                await ConverseAsync(socket, cancellationToken);
                Note($"closed by {nodes[_node].Authority}: {socket.CloseStatus} {socket.CloseStatusDescription}");
            }
            catch (Exception error) when (error is WebSocketException or IOException or TimeoutException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                Note($"{nodes[_node].Authority}: {error.GetType().Name} {error.Message}");
                if (error is TimeoutException)
                {
                    SilentReconnects++;
                }

                if (SessionId is null)
                {
                    // Not started yet: try the next node as a new session.
                    _node = (_node + 1) % nodes.Count;
                    await Task.Delay(ResumeRetry, cancellationToken);
                    continue;
                }
            }

            if (Done || cancellationToken.IsCancellationRequested)
            {
                break;
            }

            if (!reconnecting)
            {
                reconnecting = true;
                disconnectedAt = clock.Elapsed;
            }

            // Lost: the next node, and again after a short pause until the cluster has moved the session.
            _node = (_node + 1) % nodes.Count;
            await Task.Delay(ResumeRetry, cancellationToken);
        }

        if (!Done && Failure is null)
        {
            Failure = "stopped before a ritual asked for after the kill was saved";
        }
    }

    private async Task<JsonObject?> ReadyAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        while (await ReceiveAsync(socket, cancellationToken) is { } message)
        {
            if (message.Event is { } evt)
            {
                switch ((string?)evt["type"])
                {
                    case "session.ready":
                        return evt;
                    case "error" when (bool?)evt["fatal"] == true:
                        Note($"refused: {evt["code"]} {evt["message"]}");
                        // resume_failed while the cluster still routes to the dead silo is retried; anything else is not.
                        return (string?)evt["code"] is "resume_failed" or "internal" ? null : throw new InvalidOperationException(evt.ToJsonString());
                    case "error" when (string?)evt["code"] == "internal":
                        // The server gave up waiting for the cluster this time: start again on the next node.
                        Note($"not started: {evt["message"]}");
                        return null;
                }
            }
            else
            {
                OnFrame(message.Seq, reconnected: true);
            }
        }

        return null;
    }

    /// <summary>Reads until the connection is lost or the session is done.</summary>
    private async Task ConverseAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var first = true;
        while (await ReceiveAsync(socket, cancellationToken) is { } message)
        {
            if (message.Event is null)
            {
                OnFrame(message.Seq, reconnected: first);
                first = false;
                if (LastSeq - _ackedSeq >= AckEvery)
                {
                    _ackedSeq = LastSeq;
                    await SendAsync(socket, new { type = "audio.ack", seq = LastSeq }, cancellationToken);
                }

                continue;
            }

            var evt = message.Event;
            switch ((string?)evt["type"])
            {
                case "audio.done":
                    _audioDoneAt = clock.Elapsed;
                    break;
                case "ritual.created":
                    Rituals.Add((string)evt["ritual_id"]!);
                    if (_audioDoneAt is { } audioDone)
                    {
                        SavesAfterAudio.Add(clock.Elapsed - audioDone);
                        _audioDoneAt = null;
                    }

                    _awaiting = false;
                    if (_askedAfterKill)
                    {
                        Done = true;
                        await SendAsync(socket, new { type = "session.end" }, cancellationToken);
                        return;
                    }

                    break;
                case "response.cancelled":
                    _awaiting = false;
                    break;
                case "state.changed" when (string?)evt["state"] == "listening" && !_awaiting:
                    await AskAsync(socket, cancellationToken);
                    break;
                case "error":
                    if ((bool?)evt["fatal"] == true)
                    {
                        return;
                    }

                    switch ((string?)evt["code"])
                    {
                        case "provider_unavailable":
                            // The ritual in production was lost with its silo and refunded: ask again.
                            Refunded++;
                            _awaiting = false;
                            break;
                        case "overloaded":
                            // Refused before anything was reserved: ask again when the node says to.
                            Overloaded++;
                            _awaiting = false;
                            await Task.Delay(TimeSpan.FromMilliseconds((int?)evt["retry_after_ms"] ?? 1000), cancellationToken);
                            await AskAsync(socket, cancellationToken);
                            break;
                        case "insufficient_credits":
                            Failure = "ran out of credits";
                            return;
                        case "internal":
                            // The event met a silo that had just died: say it again.
                            _awaiting = false;
                            await Task.Delay(ResumeRetry, cancellationToken);
                            await AskAsync(socket, cancellationToken);
                            break;
                    }

                    break;
            }
        }
    }

    private async Task AskAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        _awaiting = true;
        _askedAfterKill |= clock.Killed;
        await SendAsync(socket, new { type = "ritual.request", kind = "affirmation", topic = $"steady focus {index}", duration_minutes = 1, confirm = true }, cancellationToken);
    }

    private void OnFrame(uint seq, bool reconnected)
    {
        if (LastSeq != 0 && seq != LastSeq + 1)
        {
            if (seq <= LastSeq)
            {
                GapsWithinConnection++;
            }
            else if (reconnected)
            {
                SkippedAcrossResume += seq - LastSeq - 1;
            }
            else
            {
                GapsWithinConnection++;
            }
        }

        LastSeq = Math.Max(LastSeq, seq);
    }

    private static Task SendAsync(ClientWebSocket socket, object evt, CancellationToken cancellationToken) =>
        socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(evt), WebSocketMessageType.Text, true, cancellationToken);

    private readonly byte[] _buffer = new byte[8 * 1024];
    private readonly MemoryStream _message = new();

    /// <summary>The next message, or null when the connection closed.</summary>
    private async Task<(JsonObject? Event, uint Seq)?> ReceiveAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(SilenceLimit);
        _message.SetLength(0);
        while (true)
        {
            ValueWebSocketReceiveResult result;
            try
            {
                result = await socket.ReceiveAsync(_buffer.AsMemory(), timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"session {SessionId}: nothing received in {SilenceLimit}");
            }

            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            _message.Write(_buffer, 0, result.Count);
            if (!result.EndOfMessage)
            {
                continue;
            }

            var bytes = _message.GetBuffer().AsSpan(0, (int)_message.Length);
            return result.MessageType == WebSocketMessageType.Text
                ? (JsonNode.Parse(Encoding.UTF8.GetString(bytes))!.AsObject(), 0)
                : (null, BinaryPrimitives.ReadUInt32BigEndian(bytes));
        }
    }
}

/// <summary>The run's shared clock: when the silo was killed.</summary>
public sealed class ChaosClock
{
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private long _killedAtTicks = -1;

    public TimeSpan Elapsed => _watch.Elapsed;

    public bool Killed => Interlocked.Read(ref _killedAtTicks) >= 0;

    public TimeSpan KilledAt => TimeSpan.FromTicks(Math.Max(0, Interlocked.Read(ref _killedAtTicks)));

    public void MarkKilled() => Interlocked.Exchange(ref _killedAtTicks, _watch.Elapsed.Ticks);
}
