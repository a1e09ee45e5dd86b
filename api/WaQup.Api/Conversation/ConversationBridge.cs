using System.Diagnostics;
using System.Net.WebSockets;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using WaQup.Abstractions.Costs;
using WaQup.Abstractions.Grains;
using WaQup.Abstractions.Protocol;
using WaQup.Abstractions.Voice;
using WaQup.Api.Conversation.Voice;
using WaQup.Resilience;

namespace WaQup.Api.Conversation;

/// <summary>
/// Pumps one socket: client events become session grain calls, and what the session says (polled from its
/// outbox) becomes text and binary frames. No business rules live here: only the wire.
/// </summary>
public sealed class ConversationBridge(WebSocket socket, string userId, IGrainFactory grains, SocketOptions options, ILogger logger)
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LingerTimeout = TimeSpan.FromSeconds(2);
    private readonly SemaphoreSlim _sendLock = new(1, 1);

    /// <summary>How long after its last frame should have played the assistant may still be heard (client buffering, room echo).</summary>
    private static readonly TimeSpan EchoTail = TimeSpan.FromMilliseconds(300);

    /// <summary>
    /// Hears the microphone: made at the connection's first microphone audio, so a session that only types (or is idle)
    /// holds no detector, pre-roll or report queue.
    /// </summary>
    private VoiceListener? _listener;
    private string _turnDetection = SessionStartCommand.ServerVad;

    /// <summary>Until when (a timestamp of the clock) the assistant's voice may be playing at the client; written by the pump.</summary>
    private long _audibleUntil;
    private long _responseAudioStarted;
    private long _responseFrames;
    private int _frameMs;
    private readonly TokenBucketRateLimiter _limiter = new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = options.EventBurst,
        TokensPerPeriod = options.EventsPerSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        // Replenished when an event arrives rather than by a timer: ten thousand idle sockets need no timers.
        AutoReplenishment = false,
    });

    /// <summary>Where the rest of an oversized message goes; shared, because nobody reads it.</summary>
    private static readonly byte[] Discard = new byte[4096];

    private byte[] _receive = new byte[1024];

    /// <summary>The connection's stream when it can gather a poll's messages into one write (HTTP/1.1 upgrades).</summary>
    public CoalescingStream? Batching { get; init; }

    /// <summary>The clock the <c>session.start</c> deadline runs on.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>The recogniser and the voice activity detector's tuning for microphone audio.</summary>
    public required VoiceInputSetup Voice { get; init; }

    /// <summary>How long a socket closed for want of <c>session.start</c> waits for the client's close before it is dropped.</summary>
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(2);

    private ISessionGrain? _session;
    private int _connection;
    /// <summary>The client's newest acknowledgement, capped at the last frame sent; written by the receive loop.</summary>
    private uint _acknowledged;

    /// <summary>The newest acknowledgement the session has been told of.</summary>
    private uint _ackReported;

    /// <summary>The last frame of the latest response that finished or was cancelled; written by the pump.</summary>
    private uint _quietSeq;
    private uint _lastAudioSent;

    /// <summary>The last outbox entry written to this socket: reported when the connection ends.</summary>
    private long _sentIndex;
    private CancellationTokenSource? _pumpStop;
    private Task? _pump;
    private bool _closing;
    private volatile bool _startAsked;
    private bool _ending;

    public async Task RunAsync(CancellationToken aborted)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        Task? pump = null;
        var startDeadline = CloseUnlessStartedAsync(stop.Token);
        var refused = false;
        try
        {
            while (!_closing && socket.State == WebSocketState.Open)
            {
                var (type, length, tooLarge) = await ReceiveMessageAsync(stop.Token);
                if (type == WebSocketMessageType.Close)
                {
                    break;
                }

                if (tooLarge)
                {
                    await SendEventAsync(new ErrorEvent(ErrorCodes.MessageTooLarge, $"a message may be at most {ClientEvent.MaxFrameBytes} bytes", false), stop.Token);
                    continue;
                }

                if (type == WebSocketMessageType.Binary)
                {
                    await OnMicrophoneAudioAsync(_receive.AsMemory(0, length), stop.Token);
                    continue;
                }

                // An ack comes with every audio frame: its plain form goes straight to the ack, with nothing to dispatch.
                if (_session is not null && ClientEventParser.TryReadAck(_receive.AsSpan(0, length), out var acknowledged))
                {
                    await Ack(acknowledged);
                    continue;
                }

                var (evt, error) = ClientEventParser.Parse(_receive.AsMemory(0, length));
                // Acks are cheap and a client may send one per frame, so they are not rate-limited.
                if (evt is not AudioAckCommand && !TryTakeEventToken())
                {
                    await SendEventAsync(new ErrorEvent(ErrorCodes.RateLimited, "too many events: slow down", false), stop.Token);
                    continue;
                }

                if (error is not null)
                {
                    await SendEventAsync(error, stop.Token);
                    continue;
                }

                SessionStart? start;
                try
                {
                    start = await DispatchAsync(evt!, stop.Token);
                }
                catch (Exception failure) when (failure is not OperationCanceledException and not WebSocketException)
                {
                    // One failed call must not take the conversation down: say so, and the client may go on or resume.
                    logger.LogError(failure, "Event {Event} of {UserId} failed", evt!.GetType().Name, userId);
                    await SendEventAsync(new ErrorEvent(ErrorCodes.Internal, "the server could not handle that event; try again", false), stop.Token);
                    continue;
                }

                if (start is not null)
                {
                    pump = _pump = PumpAsync(start, stop.Token);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (WebSocketException error)
        {
            logger.LogDebug(error, "Socket of {UserId} failed", userId);
            refused = error.WebSocketErrorCode == WebSocketError.Faulted;
        }
        finally
        {
            if (pump is not null && _ending && !stop.IsCancellationRequested)
            {
                // Let the pump deliver what the session still has to say before it closes the socket.
                await Task.WhenAny(pump, Task.Delay(DrainTimeout, CancellationToken.None));
            }

            await stop.CancelAsync();
            await startDeadline;
            if (pump is not null)
            {
                await pump.ContinueWith(_ => { }, TaskScheduler.Default);
            }

            if (_listener is not null)
            {
                await _listener.DisposeAsync();
            }

            if (_session is not null)
            {
                // An ack no poll carried yet is not lost with the connection: the session can let those frames go.
                var acknowledged = Volatile.Read(ref _acknowledged);
                if (acknowledged > Volatile.Read(ref _ackReported))
                {
                    await _session.AckAsync(_connection, acknowledged);
                }

                await _session.DisconnectedAsync(_connection, Volatile.Read(ref _sentIndex));
            }

            _limiter.Dispose();
            if (refused)
            {
                await LingerAsync(aborted);
            }
        }
    }

    /// <summary>
    /// The socket refused what the client sent (a text frame that is not UTF-8 gets 1007) and closed itself, with
    /// nothing left to read the client's answer: torn down at once, the connection is reset, and a reset throws
    /// away the close frame still on its way to the client. Holding the connection until the client hangs up, for
    /// a moment at most, lets the close code arrive.
    /// </summary>
    private static async Task LingerAsync(CancellationToken clientGone)
    {
        try
        {
            await Task.Delay(LingerTimeout, clientGone);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// Reads one whole message into <see cref="_receive"/>, which starts small and grows only for a large message,
    /// so an idle connection holds a kilobyte rather than a 64 KiB buffer; an oversized message is drained and flagged.
    /// </summary>
    private async Task<(WebSocketMessageType Type, int Length, bool TooLarge)> ReceiveMessageAsync(CancellationToken cancellationToken)
    {
        var length = 0;
        var tooLarge = false;
        while (true)
        {
            if (length == _receive.Length && _receive.Length < ClientEvent.MaxFrameBytes)
            {
                Array.Resize(ref _receive, Math.Min(ClientEvent.MaxFrameBytes, _receive.Length * 4));
            }

            var full = length == _receive.Length;
            var result = await socket.ReceiveAsync(full ? Discard.AsMemory() : _receive.AsMemory(length), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return (WebSocketMessageType.Close, 0, false);
            }

            if (full)
            {
                tooLarge |= result.Count > 0;
            }
            else
            {
                length += result.Count;
            }

            if (result.EndOfMessage)
            {
                return (result.MessageType, length, tooLarge);
            }
        }
    }

    private bool TryTakeEventToken()
    {
        _limiter.TryReplenish();
        return _limiter.AttemptAcquire().IsAcquired;
    }

    /// <summary>Spans of the api: one per client event, the parent of the grain calls it makes (Orleans carries it on).</summary>
    public static readonly ActivitySource Tracing = new("WaQup.Api");

    /// <summary>Runs one client event; returns the start when it opened (or resumed) the session.</summary>
    private async Task<SessionStart?> DispatchAsync(ClientEvent evt, CancellationToken cancellationToken)
    {
        using var span = Tracing.StartActivity("conversation.event", ActivityKind.Server);
        span?.SetTag("waqup.event", evt.GetType().Name);
        if (evt is SessionStartCommand start)
        {
            return await StartAsync(start, cancellationToken);
        }

        if (_session is null)
        {
            await SendEventAsync(new ErrorEvent(ErrorCodes.InvalidState, "send session.start first", false), cancellationToken);
            return null;
        }

        var error = evt switch
        {
            UserTextCommand text => await _session.UserTextAsync(_connection, text.Text),
            RitualRequestCommand request => await _session.RitualRequestAsync(_connection, request),
            UserConfirmCommand confirm => await _session.ConfirmAsync(_connection, confirm.Accept),
            InputAudioCommitCommand => await CommitUtteranceAsync(),
            ResponseCancelCommand => await _session.CancelAsync(_connection),
            AudioAckCommand ack => await Ack(ack.Seq),
            SessionEndCommand => await EndAsync(),
            _ => new ErrorEvent(ErrorCodes.BadRequest, "unsupported event", false),
        };
        if (error is not null)
        {
            await SendEventAsync(error, cancellationToken);
            if (error.Fatal)
            {
                await CloseAsync(WebSocketCloseStatus.PolicyViolation, error.Code, cancellationToken);
            }
        }

        return null;
    }

    /// <summary>
    /// A socket that never says <c>session.start</c> is closed after <see cref="SocketOptions.StartTimeout"/>: an idle
    /// upgrade must not hold a connection, its buffers and a place in the user's socket count for ever.
    /// </summary>
    private async Task CloseUnlessStartedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(options.StartTimeout, Clock, cancellationToken);
            if (_startAsked || _closing)
            {
                return;
            }

            await SendEventAsync(new ErrorEvent(ErrorCodes.InvalidState, $"no session.start within {options.StartTimeout.TotalSeconds:0.#} s: the connection is closed", true), cancellationToken);
            await CloseAsync(WebSocketCloseStatus.PolicyViolation, "session.start expected", cancellationToken);
            // A client that does not answer the close is not waited for.
            await Task.Delay(CloseGrace, Clock, cancellationToken);
            socket.Abort();
        }
        catch (Exception error) when (error is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
        }
    }

    private async Task<SessionStart?> StartAsync(SessionStartCommand start, CancellationToken cancellationToken)
    {
        _startAsked = true;
        if (_session is not null)
        {
            await SendEventAsync(new ErrorEvent(ErrorCodes.InvalidState, "this connection has already started a session", false), cancellationToken);
            return null;
        }

        if ((start.SessionId is null) != (start.ResumeToken is null))
        {
            await SendEventAsync(new ErrorEvent(ErrorCodes.BadRequest, "to resume, send both session_id and resume_token; to start, send neither", false), cancellationToken);
            return null;
        }

        if (start.SessionId is not null && !SessionIds.IsValid(start.SessionId))
        {
            await SendEventAsync(new ErrorEvent(ErrorCodes.ResumeFailed, "there is no such session", true), cancellationToken);
            await CloseAsync(WebSocketCloseStatus.PolicyViolation, ErrorCodes.ResumeFailed, cancellationToken);
            return null;
        }

        var sessionId = start.SessionId ?? SessionIds.New();
        var session = grains.GetGrain<ISessionGrain>(sessionId);
        var request = new SessionStartRequest(userId, start.ResumeToken, start.LastAudioSeq, start.AudioFormat);
        // A resume right after a silo died meets the cluster still moving the session: it waits rather than fails.
        var result = await ClusterRetry.Pipeline.ExecuteAsync(async _ => await session.StartAsync(request), cancellationToken);
        if (result.Error is { } error)
        {
            await SendEventAsync(error, cancellationToken);
            if (error.Fatal)
            {
                await CloseAsync(WebSocketCloseStatus.PolicyViolation, error.Code, cancellationToken);
            }

            return null;
        }

        _session = session;
        _connection = result.Connection;
        _frameMs = result.Ready!.FrameMs;
        _turnDetection = start.TurnDetection;
        await SendEventAsync(result.Ready!, cancellationToken);
        await SendItemsAsync(result.Replay, 0, cancellationToken);

        return result;
    }

    /// <summary>Sends what the session says, in order, until the connection ends.</summary>
    private async Task PumpAsync(SessionStart start, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _pumpStop = stop;
        cancellationToken = stop.Token;
        var cursor = start.Cursor;
        Volatile.Write(ref _sentIndex, cursor);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                // The poll carries what the client has acknowledged since the last one: no call of its own. Its cursor
                // is the outbox's sign that this socket has written everything up to it (acknowledged frames up to it
                // may go back to the pool and to another session), so it moves only once a batch is written.
                var acknowledged = Volatile.Read(ref _acknowledged);
                var report = acknowledged > Volatile.Read(ref _ackReported) ? acknowledged : 0;
                var batch = await _session!.PollAsync(_connection, cursor, report, cancellationToken);
                NoteReported(report);
                cursor = await SendItemsAsync(batch.Items, cursor, cancellationToken);
                Volatile.Write(ref _sentIndex, cursor);

                if (batch.Close is { } close)
                {
                    await SendEventAsync(close, cancellationToken);
                    await CloseAsync(WebSocketCloseStatus.PolicyViolation, close.Code, cancellationToken);
                    return;
                }

                if (batch.Ended)
                {
                    await CloseAsync(WebSocketCloseStatus.NormalClosure, "session ended", cancellationToken);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (WebSocketException)
        {
        }
        catch (Exception error)
        {
            logger.LogError(error, "Lost the session of {UserId}", userId);
            await SendEventAsync(new ErrorEvent(ErrorCodes.Internal, "the session is unreachable; reconnect with your resume_token", true), CancellationToken.None);
            await CloseAsync(WebSocketCloseStatus.InternalServerError, ErrorCodes.Internal, CancellationToken.None);
        }
    }

    private async Task OnMicrophoneAudioAsync(ReadOnlyMemory<byte> audio, CancellationToken cancellationToken)
    {
        if (_session is null)
        {
            await SendEventAsync(new ErrorEvent(ErrorCodes.InvalidState, "send session.start before audio", false), cancellationToken);
            return;
        }

        if (Listener().Hear(audio.Span) is { } error)
        {
            await SendEventAsync(error, cancellationToken);
        }
    }

    private Task<ErrorEvent?> CommitUtteranceAsync() => Task.FromResult(Listener().Commit());

    private VoiceListener Listener()
    {
        if (_listener is null)
        {
            // The listener keeps this scope: what its recogniser hears is recorded as this user's and session's cost.
            using (CostScope.Enter(new CostScope(userId, _session!.GetPrimaryKeyString(), RitualId: null)))
            {
                _listener = new VoiceListener(_session!, _connection, _turnDetection, Voice.Recognizer, Voice.Activity, options.MaxUtteranceBytes,
                    () => Volatile.Read(ref _audibleUntil), error => SendEventAsync(error, CancellationToken.None), logger, Clock);
            }
        }

        return _listener;
    }

    private async Task<ErrorEvent?> Ack(uint claimed)
    {
        // A client cannot acknowledge what this connection has not finished writing: the session would forget frames
        // the client never got, and its outbox reuses the buffers of acknowledged frames (docs/protocol.md, "Who owns
        // an audio frame").
        var seq = Math.Min(claimed, Volatile.Read(ref _lastAudioSent));
        if (seq <= Volatile.Read(ref _acknowledged))
        {
            return null;
        }

        Volatile.Write(ref _acknowledged, seq);
        // While audio streams, the pump's next poll carries this. Once the client has the end of a response, the
        // pump may wait a long time for the next: the session hears at once, so a quiet session holds no audio.
        if (seq == Volatile.Read(ref _quietSeq) && seq > Volatile.Read(ref _ackReported))
        {
            NoteReported(seq);
            await _session!.AckAsync(_connection, seq);
        }

        return null;
    }

    /// <summary>Raises the reported acknowledgement; the pump and the receive loop both report, so it only rises.</summary>
    private void NoteReported(uint seq)
    {
        var reported = Volatile.Read(ref _ackReported);
        while (seq > reported)
        {
            var seen = Interlocked.CompareExchange(ref _ackReported, seq, reported);
            if (seen == reported)
            {
                return;
            }

            reported = seen;
        }
    }

    private async Task<ErrorEvent?> EndAsync()
    {
        // The pump sends what is left, sees the end, and closes the socket.
        await _session!.EndAsync(_connection);
        _ending = true;
        _closing = true;
        return null;
    }

    /// <summary>
    /// Sends a poll's items in order, gathered into as few writes as the stream allows (one flush rather than one a
    /// message); returns the index of the last one sent.
    /// </summary>
    private async Task<long> SendItemsAsync(IReadOnlyList<OutboxItem> items, long cursor, CancellationToken cancellationToken)
    {
        if (items.Count == 0)
        {
            return cursor;
        }

        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            var batching = Batching;
            if (batching is not null)
            {
                await batching.BeginBatchAsync(cancellationToken, ExpectedBytes(items));
            }

            try
            {
                foreach (var item in items)
                {
                    await SendItemLockedAsync(item, batching, cancellationToken);
                    cursor = item.Index;
                }
            }
            finally
            {
                if (batching is not null)
                {
                    await batching.EndBatchAsync(cancellationToken);
                }
            }
        }
        finally
        {
            _sendLock.Release();
        }

        return cursor;
    }

    /// <summary>About what a poll's items take on the wire: frames exactly, events at a typical size (they are serialized as they go).</summary>
    private static int ExpectedBytes(IReadOnlyList<OutboxItem> items)
    {
        const int TypicalEventBytes = 256;
        var bytes = 0;
        foreach (var item in items)
        {
            bytes += item.Audio is { } frame ? CoalescingStream.HeaderLength(frame.Length) + frame.Length : TypicalEventBytes;
        }

        return bytes;
    }

    /// <summary>One item, framed into the batch when there is one, else sent by the WebSocket.</summary>
    private async ValueTask SendItemLockedAsync(OutboxItem item, CoalescingStream? batching, CancellationToken cancellationToken)
    {
        if (socket.State != WebSocketState.Open)
        {
            return;
        }

        var (payload, type) = item.Audio is { } frame
            ? (frame, WebSocketMessageType.Binary)
            : (WireJson.Serialize(item.Event!), WebSocketMessageType.Text);
        if (batching is not null)
        {
            await batching.AppendMessageAsync(payload, type, cancellationToken);
        }
        else
        {
            await socket.SendAsync(payload.AsMemory(), type, endOfMessage: true, cancellationToken);
        }

        if (item.Audio is not null)
        {
            // Only now is the frame's buffer no longer read here: acknowledgements are held to this point.
            Volatile.Write(ref _lastAudioSent, item.Seq);
            NoteAssistantAudible();
        }
        else if (item.Event is AudioDoneEvent done)
        {
            Volatile.Write(ref _quietSeq, done.LastSeq);
        }
        else if (item.Event is ResponseCancelledEvent)
        {
            Volatile.Write(ref _quietSeq, _lastAudioSent);
            Volatile.Write(ref _audibleUntil, 0);
        }
        else if (item.Event is AudioStartEvent)
        {
            _responseAudioStarted = Clock.GetTimestamp();
            _responseFrames = 0;
        }
    }

    /// <summary>The assistant's voice plays at the client until its frames so far have played out, and a little after.</summary>
    private void NoteAssistantAudible()
    {
        _responseFrames++;
        var playing = TimeSpan.FromMilliseconds(_responseFrames * _frameMs) + EchoTail;
        Volatile.Write(ref _audibleUntil, _responseAudioStarted + (long)(playing.TotalSeconds * Clock.TimestampFrequency));
    }

    /// <summary>
    /// The node is draining: says so, and closes with 1012. The client's close answer ends the receive loop, which
    /// reports what it acknowledged; the session stays resumable on any other node.
    /// </summary>
    public async Task ReconnectElsewhereAsync(CancellationToken cancellationToken)
    {
        try
        {
            // The pump stops first: nothing it fetched from now on could reach the client, and the session must not
            // count it as delivered.
            if (_pumpStop is { } pumpStop && _pump is { } pump)
            {
                await pumpStop.CancelAsync();
                await pump.WaitAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }

            await SendEventAsync(new SessionReconnectEvent(SessionReconnectEvent.ServerShutdown,
                "this server is restarting: reconnect and resume with your resume_token and last_audio_seq"), cancellationToken);
            await CloseAsync((WebSocketCloseStatus)SessionReconnectEvent.CloseCode, "reconnect", cancellationToken);
        }
        catch (Exception error) when (error is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            logger.LogDebug(error, "Could not tell {UserId} to reconnect", userId);
        }
    }

    private Task SendEventAsync(ServerEvent evt, CancellationToken cancellationToken) =>
        SendAsync(WireJson.Serialize(evt), WebSocketMessageType.Text, cancellationToken);

    private async Task SendAsync(byte[] payload, WebSocketMessageType type, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                await socket.SendAsync(payload, type, endOfMessage: true, cancellationToken);
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task CloseAsync(WebSocketCloseStatus status, string reason, CancellationToken cancellationToken)
    {
        _closing = true;
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(status, reason, cancellationToken);
            }
        }
        catch (WebSocketException)
        {
        }
        finally
        {
            _sendLock.Release();
        }
    }
}
