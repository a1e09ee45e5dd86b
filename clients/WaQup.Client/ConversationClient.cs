using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace WaQup.Client;

/// <summary>A conversation socket as a client sees it: send events, read events and audio frames in order.</summary>
public sealed class ConversationClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly Channel<Received> _received = Channel.CreateUnbounded<Received>();
    private readonly Task _reader;
    private readonly CancellationTokenSource _stop = new();

    private ConversationClient(ClientWebSocket socket)
    {
        _socket = socket;
        _reader = ReadAsync();
    }

    private readonly List<Received> _log = [];

    /// <summary>A snapshot of everything received so far, in order.</summary>
    public List<Received> Log
    {
        get
        {
            lock (_log)
            {
                return [.. _log];
            }
        }
    }

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public static Task<ConversationClient> ConnectAsync(Uri baseUri, string accessToken, CancellationToken cancellationToken = default) =>
        ConnectAsync(baseUri, accessToken, _ => { }, cancellationToken);

    /// <param name="configure">Sets the socket's options before it connects (keep-alive, for one).</param>
    public static async Task<ConversationClient> ConnectAsync(Uri baseUri, string accessToken, Action<ClientWebSocketOptions> configure, CancellationToken cancellationToken = default)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", $"Bearer {accessToken}");
        configure(socket.Options);
        var scheme = baseUri.Scheme == "https" ? "wss" : "ws";
        await socket.ConnectAsync(new Uri($"{scheme}://{baseUri.Authority}/v1/conversation"), cancellationToken);
        return new ConversationClient(socket);
    }

    public Task SendAsync(object evt, CancellationToken cancellationToken = default) =>
        SendTextAsync(JsonSerializer.Serialize(evt), cancellationToken);

    public Task SendTextAsync(string text, CancellationToken cancellationToken = default) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, cancellationToken);

    /// <summary>Sends bytes as a text frame as they are, valid UTF-8 or not (tests of what the server does with either).</summary>
    public Task SendTextAsync(ReadOnlyMemory<byte> utf8, CancellationToken cancellationToken = default) =>
        _socket.SendAsync(utf8, WebSocketMessageType.Text, true, cancellationToken).AsTask();

    public Task SendBinaryAsync(byte[] data, CancellationToken cancellationToken = default) =>
        _socket.SendAsync(data, WebSocketMessageType.Binary, true, cancellationToken);

    /// <summary>
    /// Speaks: sends microphone audio (PCM16 LE, 16 kHz, mono) in 20 ms frames, at real-time pace when
    /// <paramref name="realTime"/>, as a person at a microphone would, else as fast as the socket takes it.
    /// </summary>
    public async Task SpeakAsync(ReadOnlyMemory<byte> pcm, bool realTime, CancellationToken cancellationToken = default)
    {
        const int FrameBytes = 640;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        for (var offset = 0; offset < pcm.Length; offset += FrameBytes)
        {
            var frame = pcm.Slice(offset, Math.Min(FrameBytes, pcm.Length - offset));
            await _socket.SendAsync(frame, WebSocketMessageType.Binary, true, cancellationToken);
            if (realTime)
            {
                // Paced against the start, not frame by frame, so the delays' lateness does not add up.
                var due = TimeSpan.FromMilliseconds((offset + FrameBytes) / 32.0);
                var ahead = due - System.Diagnostics.Stopwatch.GetElapsedTime(started);
                if (ahead > TimeSpan.Zero)
                {
                    await Task.Delay(ahead, cancellationToken);
                }
            }
        }
    }

    /// <summary>Speaks a WAV file (read by <see cref="Wav"/>) as <see cref="SpeakAsync"/> speaks PCM.</summary>
    public async Task SpeakWavAsync(string path, bool realTime, CancellationToken cancellationToken = default) =>
        await SpeakAsync(await Wav.ReadMicrophonePcmAsync(path, cancellationToken), realTime, cancellationToken);

    /// <summary>The next thing received; null when the socket closed.</summary>
    public async Task<Received?> NextAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            return await _received.Reader.ReadAsync(cts.Token);
        }
        catch (ChannelClosedException)
        {
            return null;
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"nothing received within {timeout}; last: {Describe(Log.LastOrDefault())}");
        }
    }

    /// <summary>Reads until an event of <paramref name="type"/> (and matching <paramref name="where"/>) arrives.</summary>
    public async Task<JsonObject> WaitForAsync(string type, TimeSpan timeout, Func<JsonObject, bool>? where = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            var next = await NextAsync(left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1))
                ?? throw new InvalidOperationException($"the socket closed while waiting for {type}");
            if (next.Event is { } evt && (string?)evt["type"] == type && (where is null || where(evt)))
            {
                return evt;
            }
        }
    }

    /// <summary>Reads until the server closes the socket; returns what arrived meanwhile.</summary>
    public async Task<List<Received>> ReadToCloseAsync(TimeSpan timeout)
    {
        var rest = new List<Received>();
        while (await NextAsync(timeout) is { } next)
        {
            rest.Add(next);
        }

        return rest;
    }

    /// <summary>Drops the connection without a close handshake, as a lost network would.</summary>
    public void Abort() => _socket.Abort();

    public async Task CloseAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Abort();
        await _reader.ContinueWith(_ => { }, TaskScheduler.Default);
        _socket.Dispose();
        _stop.Dispose();
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (_socket.State == WebSocketState.CloseReceived)
                    {
                        await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                    }

                    break;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                var bytes = message.ToArray();
                message.SetLength(0);
                var received = result.MessageType == WebSocketMessageType.Text
                    ? new Received(JsonNode.Parse(bytes)!.AsObject(), 0, null)
                    : new Received(null, BinaryPrimitives.ReadUInt32BigEndian(bytes), bytes[4..]);
                lock (_log)
                {
                    _log.Add(received);
                }

                await _received.Writer.WriteAsync(received);
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested || _socket.State != WebSocketState.Open)
        {
        }
        finally
        {
            _received.Writer.TryComplete();
        }
    }

    private static string Describe(Received? received) =>
        received is null ? "nothing" : received.Event?.ToJsonString() ?? $"audio #{received.Seq}";
}

/// <summary>One received message: a JSON event, or an audio frame with its sequence number.</summary>
public sealed record Received(JsonObject? Event, uint Seq, byte[]? Audio)
{
    public string? Type => (string?)Event?["type"];

    public bool IsAudio => Audio is not null;
}
