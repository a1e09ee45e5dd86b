using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using WaQup.Client;

namespace WaQup.Tests.Infrastructure;

/// <summary>
/// The server's side of a WebSocket, for driving a <c>ConversationBridge</c> directly: the test says what the client
/// sends, reads what the bridge sends, and can hold the write of one audio frame as long as it likes, as a slow
/// network would. A held frame is read (copied) when its write ends, the latest moment a real socket could read it:
/// whatever was done to its buffer meanwhile shows in <see cref="Rewritten"/>.
/// </summary>
public sealed class ScriptedWebSocket : WebSocket
{
    private readonly Channel<(byte[] Bytes, WebSocketMessageType Type)> _incoming = Channel.CreateUnbounded<(byte[], WebSocketMessageType)>();
    private readonly Channel<Received> _sent = Channel.CreateUnbounded<Received>();
    private readonly TaskCompletionSource<byte[]> _holding = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _heldWritten = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebSocketState _state = WebSocketState.Open;
    private int _queued;
    private int _delivered;
    private int _handled;

    /// <summary>The sequence number of the frame whose write is held until <see cref="Release"/>; 0 for none.</summary>
    public uint HoldSeq { get; init; }

    /// <summary>Set when the held frame's bytes at the end of its write differed from those at its start.</summary>
    public string? Rewritten { get; private set; }

    /// <summary>Completes with the held frame's buffer (the very array being written) once its write has begun.</summary>
    public Task<byte[]> Holding => _holding.Task;

    public override WebSocketCloseStatus? CloseStatus => null;

    public override string? CloseStatusDescription => null;

    public override WebSocketState State => _state;

    public override string? SubProtocol => null;

    /// <summary>The client sends one JSON event.</summary>
    public void Send(object evt)
    {
        Interlocked.Increment(ref _queued);
        _incoming.Writer.TryWrite((JsonSerializer.SerializeToUtf8Bytes(evt), WebSocketMessageType.Text));
    }

    /// <summary>Sends <paramref name="evt"/> and waits until the bridge has handled it: it has come back for the next message.</summary>
    public async Task SendAndWaitHandledAsync(object evt)
    {
        Send(evt);
        var mine = Volatile.Read(ref _queued);
        await Until.TrueAsync(() => Volatile.Read(ref _handled) >= mine, Talk.Patience, $"the bridge handled {JsonSerializer.Serialize(evt)}");
    }

    /// <summary>Lets the held write finish, and waits until it has (and <see cref="Rewritten"/> is known).</summary>
    public async Task ReleaseAsync()
    {
        _release.TrySetResult();
        await _heldWritten.Task.WaitAsync(Talk.Patience);
    }

    /// <summary>The next message the bridge sent.</summary>
    public async Task<Received> NextAsync()
    {
        using var timeout = new CancellationTokenSource(Talk.Patience);
        return await _sent.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>Reads what the bridge sent until <paramref name="done"/> holds; <paramref name="seen"/> sees each message first.</summary>
    public async Task<Received> ReadUntilAsync(Func<Received, bool> done, Action<Received>? seen = null)
    {
        while (true)
        {
            var next = await NextAsync();
            seen?.Invoke(next);
            if (done(next))
            {
                return next;
            }
        }
    }

    public override async ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        // The bridge reads one message at a time: asking for the next means it is done with every one before.
        Volatile.Write(ref _handled, Volatile.Read(ref _delivered));
        try
        {
            var (bytes, type) = await _incoming.Reader.ReadAsync(cancellationToken);
            Interlocked.Increment(ref _delivered);
            bytes.CopyTo(buffer);
            return new ValueWebSocketReceiveResult(bytes.Length, type, endOfMessage: true);
        }
        catch (ChannelClosedException)
        {
            _state = WebSocketState.CloseReceived;
            return new ValueWebSocketReceiveResult(0, WebSocketMessageType.Close, endOfMessage: true);
        }
    }

    public override async Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken)
    {
        var result = await ReceiveAsync(buffer.AsMemory(), cancellationToken);
        return new WebSocketReceiveResult(result.Count, result.MessageType, result.EndOfMessage);
    }

    public override async ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken)
    {
        if (messageType == WebSocketMessageType.Text)
        {
            _sent.Writer.TryWrite(new Received(JsonNode.Parse(Encoding.UTF8.GetString(buffer.Span))!.AsObject(), 0, null));
            return;
        }

        var seq = BinaryPrimitives.ReadUInt32BigEndian(buffer.Span);
        if (seq == HoldSeq && !_holding.Task.IsCompleted)
        {
            var atStart = buffer.ToArray();
            _holding.TrySetResult(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(buffer, out var array) ? array.Array! : atStart);
            await _release.Task.WaitAsync(cancellationToken);
            if (!buffer.Span.SequenceEqual(atStart))
            {
                Rewritten = $"frame {seq} was rewritten while its write was under way (now numbered {BinaryPrimitives.ReadUInt32BigEndian(buffer.Span)}, first sample bytes {buffer.Span[4]:X2} {buffer.Span[5]:X2})";
            }

            _heldWritten.TrySetResult();
        }

        var frame = buffer.ToArray();
        _sent.Writer.TryWrite(new Received(null, BinaryPrimitives.ReadUInt32BigEndian(frame), frame[4..]));
    }

    public override Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken) =>
        SendAsync(buffer.AsMemory(), messageType, endOfMessage, cancellationToken).AsTask();

    public override Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken)
    {
        _state = _state == WebSocketState.CloseReceived ? WebSocketState.Closed : WebSocketState.CloseSent;
        _incoming.Writer.TryComplete();
        return Task.CompletedTask;
    }

    public override Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
        CloseOutputAsync(closeStatus, statusDescription, cancellationToken);

    /// <summary>The client goes away without a close.</summary>
    public override void Abort()
    {
        _state = WebSocketState.Aborted;
        _incoming.Writer.TryComplete();
        _release.TrySetResult();
    }

    public override void Dispose() => Abort();
}
