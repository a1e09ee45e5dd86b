using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace WaQup.Bench;

/// <summary>
/// A lean conversation client for benchmarks: one small receive buffer, no message log, events reduced to the
/// few fields a benchmark reads, so ten thousand of them fit in the load generator beside the server.
/// </summary>
public sealed class BenchSession(Uri baseUri, BenchStats stats) : IAsyncDisposable
{
    private const int AckEvery = 25;
    private static readonly long FrameTicks = Stopwatch.Frequency * 40 / 1000;

    /// <summary>20 ms of microphone audio (PCM16 LE, 16 kHz, mono), the frame a microphone client sends.</summary>
    public const int MicrophoneFrameBytes = 640;

    private readonly ClientWebSocket _socket = new();
    private readonly object _gate = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private Task? _reader;
    private (Func<BenchSession, bool> Done, TaskCompletionSource Signal)? _waiter;
    private long _turnStart;
    private long _firstFrameAt;
    private long _lastFrameAt;
    private int _responseFrames;
    private string? _closedReason;
    private string? _unclaimedFailure;
    private bool _ackAll;
    private long _cancelStart;
    private bool _afterCancel;
    private readonly List<(string Text, long At)> _finals = [];
    private long _microphoneBytes;

    public string State { get; private set; } = "";

    public uint LastSeq { get; private set; }

    public long FramesReceived { get; private set; }

    public long EventsReceived { get; private set; }

    public int AudioDone { get; private set; }

    public int RitualsCreated { get; private set; }

    /// <summary>The <c>ritual_id</c> of the last <c>ritual.created</c>, or null before one.</summary>
    public string? LastRitualId { get; private set; }

    public int Cancelled { get; private set; }

    /// <summary>Frames of the response being played, counted from its first.</summary>
    public int ResponseFrames => _responseFrames;

    public string? LastError { get; private set; }

    public int SpeechStarted { get; private set; }

    public int SpeechStopped { get; private set; }

    /// <summary>Where the server placed the end of the last speech it heard, in ms of this connection's microphone stream.</summary>
    public long LastSpeechStoppedMs { get; private set; }

    /// <summary>When that <c>input_audio.speech_stopped</c> arrived, in <see cref="Stopwatch"/> ticks.</summary>
    public long LastSpeechStoppedAt { get; private set; }

    /// <summary>Final transcripts received so far.</summary>
    public int FinalTranscripts
    {
        get
        {
            lock (_gate)
            {
                return _finals.Count;
            }
        }
    }

    /// <summary>How much microphone audio this session has sent, in ms.</summary>
    public long MicrophoneMs => Interlocked.Read(ref _microphoneBytes) / (MicrophoneFrameBytes / 20);

    /// <summary>When the current response's first frame arrived, in <see cref="Stopwatch"/> ticks.</summary>
    public long FirstFrameAt => _firstFrameAt;

    /// <summary>When the latest frame arrived, in <see cref="Stopwatch"/> ticks.</summary>
    public long LastFrameAt => _lastFrameAt;

    /// <summary>The time the current response's audio would finish playing, in <see cref="Stopwatch"/> ticks.</summary>
    public long PlaybackEndsAt => _firstFrameAt + (_responseFrames * FrameTicks);

    /// <summary>Connects and starts a session; with <paramref name="untilListening"/> also waits out the spoken greeting.</summary>
    public async Task ConnectAsync(string accessToken, bool untilListening, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        _socket.Options.SetRequestHeader("Authorization", $"Bearer {accessToken}");
        _socket.Options.SetBuffer(4096, 4096);
        await _socket.ConnectAsync(new Uri($"ws://{baseUri.Authority}/v1/conversation"), cancellationToken);
        _reader = Task.Run(ReadAsync, CancellationToken.None);
        await SendAsync("{\"type\":\"session.start\"}", cancellationToken);
        await WaitAsync(s => s.State != "", "session.ready", cancellationToken);
        stats.Connected(started);
        if (untilListening)
        {
            // The greeting is spoken first; the session listens once it has been said.
            await WaitAsync(s => s.State == "listening", "listening", cancellationToken);
        }
    }

    /// <summary>Sends <paramref name="json"/> and times the turn to its first audio frame.</summary>
    public Task StartTurnAsync(string json, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _turnStart = Stopwatch.GetTimestamp();
            _responseFrames = 0;
        }

        return SendAsync(json, cancellationToken);
    }

    public async Task SendAsync(string json, CancellationToken cancellationToken)
    {
        // A WebSocket takes one send at a time; the script and the reader's acks share it.
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Cancels the response being spoken and times it until <c>response.cancelled</c>.</summary>
    public Task CancelAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _cancelStart = Stopwatch.GetTimestamp();
        }

        return SendAsync("{\"type\":\"response.cancel\"}", cancellationToken);
    }

    /// <summary>
    /// Speaks <paramref name="pcm"/> into the microphone stream: 20 ms frames at real-time pace, paced against the first
    /// so the delays' lateness does not add up. Returns when each frame went out, in <see cref="Stopwatch"/> ticks.
    /// </summary>
    public async Task<long[]> SpeakAsync(ReadOnlyMemory<byte> pcm, CancellationToken cancellationToken)
    {
        var sent = new long[(pcm.Length + MicrophoneFrameBytes - 1) / MicrophoneFrameBytes];
        var started = Stopwatch.GetTimestamp();
        for (var frame = 0; frame < sent.Length; frame++)
        {
            var offset = frame * MicrophoneFrameBytes;
            var due = TimeSpan.FromMilliseconds(frame * 20.0) - Stopwatch.GetElapsedTime(started);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, cancellationToken);
            }

            var audio = pcm.Slice(offset, Math.Min(MicrophoneFrameBytes, pcm.Length - offset));
            await _sendLock.WaitAsync(cancellationToken);
            try
            {
                sent[frame] = Stopwatch.GetTimestamp();
                await _socket.SendAsync(audio, WebSocketMessageType.Binary, true, cancellationToken);
            }
            finally
            {
                _sendLock.Release();
            }

            Interlocked.Add(ref _microphoneBytes, audio.Length);
        }

        return sent;
    }

    /// <summary>The final transcripts from the <paramref name="first"/>-th on, with when each arrived.</summary>
    public IReadOnlyList<(string Text, long At)> FinalsFrom(int first)
    {
        lock (_gate)
        {
            return [.. _finals.Skip(first)];
        }
    }

    public async Task WaitAsync(Func<BenchSession, bool> done, string what, CancellationToken cancellationToken)
    {
        TaskCompletionSource signal;
        lock (_gate)
        {
            if (done(this))
            {
                return;
            }

            if (_closedReason is not null)
            {
                throw new InvalidOperationException($"waiting for {what}: {_closedReason}");
            }

            if (_unclaimedFailure is { } failure)
            {
                _unclaimedFailure = null;
                throw new InvalidOperationException($"waiting for {what}: {failure}");
            }

            signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiter = (done, signal);
        }

        try
        {
            await signal.Task.WaitAsync(cancellationToken);
        }
        catch (InvalidOperationException error)
        {
            throw new InvalidOperationException($"waiting for {what}: {error.Message}");
        }
    }

    /// <summary>Waits until the current response would have finished playing.</summary>
    public Task WaitPlaybackAsync(CancellationToken cancellationToken)
    {
        var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), PlaybackEndsAt);
        return left > TimeSpan.Zero ? Task.Delay(left, cancellationToken) : Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Abort();
        if (_reader is not null)
        {
            await _reader;
        }

        _socket.Dispose();
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[4096];
        var message = new byte[4096];
        try
        {
            while (true)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
                    if (length + result.Count > message.Length)
                    {
                        Array.Resize(ref message, Math.Max(message.Length * 2, length + result.Count));
                    }

                    buffer.AsSpan(0, result.Count).CopyTo(message.AsSpan(length));
                    length += result.Count;
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    Close("the server closed the socket");
                    return;
                }

                var arrived = Stopwatch.GetTimestamp();
                if (result.MessageType == WebSocketMessageType.Binary)
                {
                    await OnFrameAsync(BinaryPrimitives.ReadUInt32BigEndian(message), arrived);
                }
                else
                {
                    OnEvent(message.AsSpan(0, length), arrived);
                }
            }
        }
        catch (Exception error) when (error is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            Close($"the socket failed: {error.Message}");
        }
    }

    private async Task OnFrameAsync(uint seq, long arrived)
    {
        bool ack;
        lock (_gate)
        {
            if (LastSeq != 0 && seq != LastSeq + 1)
            {
                stats.Error("seq_gap");
            }

            LastSeq = seq;
            FramesReceived++;
            _lastFrameAt = arrived;
            if (_afterCancel)
            {
                // Nothing of a cancelled response may come after response.cancelled.
                stats.Error("frame_after_cancel");
            }

            if (_responseFrames == 0)
            {
                _firstFrameAt = arrived;
                if (_turnStart != 0)
                {
                    stats.Turn(_turnStart, arrived);
                    _turnStart = 0;
                }
            }

            stats.Frame(late: arrived > _firstFrameAt + (_responseFrames * FrameTicks));
            _responseFrames++;
            ack = FramesReceived % AckEvery == 0;
            Notify();
        }

        if (ack)
        {
            await SendAsync($"{{\"type\":\"audio.ack\",\"seq\":{seq}}}", CancellationToken.None);
        }
    }

    private void OnEvent(ReadOnlySpan<byte> json, long arrived)
    {
        var reader = new Utf8JsonReader(json);
        string? type = null, state = null, code = null, text = null, ritualId = null;
        var final = false;
        long audioMs = 0;
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1)
            {
                continue;
            }

            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "type": type = reader.GetString(); break;
                case "state" when reader.TokenType == JsonTokenType.String: state = reader.GetString(); break;
                case "code" when reader.TokenType == JsonTokenType.String: code = reader.GetString(); break;
                case "text" when reader.TokenType == JsonTokenType.String: text = reader.GetString(); break;
                case "ritual_id" when reader.TokenType == JsonTokenType.String: ritualId = reader.GetString(); break;
                case "final": final = reader.TokenType == JsonTokenType.True; break;
                case "audio_ms" when reader.TokenType == JsonTokenType.Number: audioMs = reader.GetInt64(); break;
                default: reader.Skip(); break;
            }
        }

        lock (_gate)
        {
            EventsReceived++;
            switch (type)
            {
                case "state.changed":
                case "session.ready":
                    State = state ?? State;
                    break;
                case "audio.start":
                    _afterCancel = false;
                    break;
                case "response.cancelled":
                    Cancelled++;
                    _afterCancel = true;
                    if (_cancelStart != 0)
                    {
                        stats.Cancel(_cancelStart, Stopwatch.GetTimestamp());
                        _cancelStart = 0;
                    }

                    break;
                case "audio.done":
                    AudioDone++;
                    // Like a real player: everything heard is acknowledged, so the server can let it go.
                    _ackAll = true;
                    break;
                case "ritual.created":
                    RitualsCreated++;
                    LastRitualId = ritualId;
                    break;
                case "input_audio.speech_started":
                    SpeechStarted++;
                    break;
                case "input_audio.speech_stopped":
                    SpeechStopped++;
                    LastSpeechStoppedMs = audioMs;
                    LastSpeechStoppedAt = arrived;
                    break;
                case "user.transcript" when final:
                    _finals.Add((text ?? "", arrived));
                    break;
                case "error":
                    LastError = code;
                    stats.Error(code ?? "unknown");
                    // A benchmark's script never expects an error: whoever waits must not wait for ever.
                    Fail($"error {code}");
                    break;
            }

            Notify();
        }

        if (_ackAll)
        {
            _ackAll = false;
            _ = SendAsync($"{{\"type\":\"audio.ack\",\"seq\":{LastSeq}}}", CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private void Close(string reason)
    {
        lock (_gate)
        {
            _closedReason = reason;
            Fail(reason);
        }
    }

    private void Fail(string reason)
    {
        if (_waiter is { } waiter)
        {
            _waiter = null;
            waiter.Signal.TrySetException(new InvalidOperationException(reason));
            return;
        }

        // Nobody is waiting yet (the error came back before the script began to wait): the next wait fails instead.
        _unclaimedFailure ??= reason;
    }

    private void Notify()
    {
        if (_waiter is { } waiter && waiter.Done(this))
        {
            _waiter = null;
            waiter.Signal.TrySetResult();
        }
    }
}
