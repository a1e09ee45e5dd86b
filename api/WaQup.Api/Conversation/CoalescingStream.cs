using System.Buffers;
using System.Buffers.Binary;
using System.Net.WebSockets;

namespace WaQup.Api.Conversation;

/// <summary>
/// The upgraded connection's stream, able to gather several WebSocket messages into one write. Between
/// <see cref="BeginBatchAsync"/> and <see cref="EndBatchAsync"/> the bridge frames whole messages into a pooled
/// buffer (<see cref="AppendMessageAsync"/>), which goes to the connection in one write (one flush, one <c>send</c>)
/// when the batch ends or fills. The WebSocket's own writes (pings, pongs, closes, messages sent outside a batch) go
/// straight through, after any batch under way. Reads pass through untouched.
/// </summary>
/// <remarks>
/// A batch holds the stream from its beginning to its end (one poll's messages), so its messages take no lock each;
/// the WebSocket's keep-alive pings come from a timer and wait for it, asynchronously. An idle connection holds no
/// buffer.
/// </remarks>
public sealed class CoalescingStream(Stream inner) : Stream
{
    /// <summary>A batch is written out when it reaches this size: about thirty audio frames (under 85,000 bytes, so the pooled buffer is never a large object).</summary>
    public const int BatchBytes = 64 * 1024;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private byte[]? _pending;
    private int _pendingLength;
    private bool _batching;

    /// <summary>How much this batch gathers before it writes: what its messages were expected to need, at most <see cref="BatchBytes"/>.</summary>
    private int _batchCapacity = BatchBytes;

    public override bool CanRead => inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => inner.CanWrite;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>
    /// From now until <see cref="EndBatchAsync"/>, the stream is the batch's: messages are gathered, and the
    /// WebSocket's own writes wait. A write already under way (a ping to a slow client, say) goes out first; the
    /// wait for it is asynchronous, so no thread is blocked.
    /// </summary>
    /// <param name="expectedBytes">
    /// About how many bytes the batch's messages take, framed: its buffer is rented for that (at most
    /// <see cref="BatchBytes"/>), so a poll of one audio frame does not hold a buffer sized for thirty. Null for
    /// <see cref="BatchBytes"/>.
    /// </param>
    public async ValueTask BeginBatchAsync(CancellationToken cancellationToken, int? expectedBytes = null)
    {
        await _gate.WaitAsync(cancellationToken);
        _batching = true;
        _batchCapacity = Math.Clamp(expectedBytes ?? BatchBytes, 1, BatchBytes);
    }

    /// <summary>Sends what the batch gathered, in one write, and lets later writes through again.</summary>
    /// <exception cref="WebSocketException">The connection failed, as the WebSocket itself reports it.</exception>
    public async Task EndBatchAsync(CancellationToken cancellationToken)
    {
        if (!_batching)
        {
            throw new InvalidOperationException("EndBatchAsync ends a batch that BeginBatchAsync began.");
        }

        try
        {
            _batching = false;
            await WritePendingAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await inner.WriteAsync(buffer, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Adds one whole, unmasked server message (RFC 6455, section 5.2) to the batch, framed here rather than by the
    /// WebSocket: the payload is copied once, straight into the batch. Only between <see cref="BeginBatchAsync"/> and
    /// <see cref="EndBatchAsync"/>, and only while the WebSocket is open (its own frames, such as pings, go through
    /// <see cref="WriteAsync(ReadOnlyMemory{byte}, CancellationToken)"/> once the batch has ended). Takes no lock:
    /// the batch holds the stream.
    /// </summary>
    /// <remarks>
    /// Once the returned task completes, <paramref name="payload"/> has been copied and is never read again: the bridge
    /// counts an audio frame written from then on, and its pooled buffer may go to another session.
    /// </remarks>
    public ValueTask AppendMessageAsync(ReadOnlyMemory<byte> payload, WebSocketMessageType type, CancellationToken cancellationToken)
    {
        if (!_batching)
        {
            throw new InvalidOperationException("AppendMessageAsync is only for a batch.");
        }

        var headerLength = HeaderLength(payload.Length);
        var size = headerLength + payload.Length;
        if (size > BatchBytes || _pendingLength + size > Math.Max(_batchCapacity, _pending?.Length ?? 0))
        {
            return AppendAfterWriteAsync(payload, type, cancellationToken);
        }

        AppendPending(payload.Span, type, headerLength);
        return ValueTask.CompletedTask;
    }

    /// <summary>When the message does not fit: what is gathered goes first, then the message is gathered or, if larger than a batch, written as it is.</summary>
    private async ValueTask AppendAfterWriteAsync(ReadOnlyMemory<byte> payload, WebSocketMessageType type, CancellationToken cancellationToken)
    {
        await WritePendingAsync(cancellationToken);
        var headerLength = HeaderLength(payload.Length);
        if (headerLength + payload.Length <= BatchBytes)
        {
            AppendPending(payload.Span, type, headerLength);
            return;
        }

        // Rare (a long script's text): the header and the payload go out as they are.
        var header = new byte[headerLength];
        WriteHeader(header, payload.Length, type);
        await WriteInnerAsync(header, cancellationToken);
        await WriteInnerAsync(payload, cancellationToken);
    }

    private void AppendPending(ReadOnlySpan<byte> payload, WebSocketMessageType type, int headerLength)
    {
        // The pool hands out at least what is asked for: a message larger than the expected batch gets room of its own.
        _pending ??= ArrayPool<byte>.Shared.Rent(Math.Max(_batchCapacity, headerLength + payload.Length));
        WriteHeader(_pending.AsSpan(_pendingLength), payload.Length, type);
        payload.CopyTo(_pending.AsSpan(_pendingLength + headerLength));
        _pendingLength += headerLength + payload.Length;
    }

    internal static int HeaderLength(int payloadLength) => payloadLength < 126 ? 2 : payloadLength <= ushort.MaxValue ? 4 : 10;

    /// <summary>A final frame's header with no mask: opcode, then the length in 7, 7+16 or 7+64 bits.</summary>
    internal static int WriteHeader(Span<byte> header, int length, WebSocketMessageType type)
    {
        header[0] = (byte)(0x80 | (type == WebSocketMessageType.Text ? 0x1 : 0x2));
        if (length < 126)
        {
            header[1] = (byte)length;
            return 2;
        }

        if (length <= ushort.MaxValue)
        {
            header[1] = 126;
            BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)length);
            return 4;
        }

        header[1] = 127;
        BinaryPrimitives.WriteUInt64BigEndian(header[2..], (ulong)length);
        return 10;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.ReadAsync(buffer, offset, count, cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await WritePendingAsync(cancellationToken);
            await inner.FlushAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            ReturnPending();
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        ReturnPending();
        await inner.DisposeAsync();
        await base.DisposeAsync();
    }

    /// <summary>Writes out the gathered bytes; the buffer goes back to the pool, so an idle connection holds none.</summary>
    private async Task WritePendingAsync(CancellationToken cancellationToken)
    {
        if (_pending is not { } pending)
        {
            return;
        }

        try
        {
            if (_pendingLength > 0)
            {
                await WriteInnerAsync(pending.AsMemory(0, _pendingLength), cancellationToken);
            }
        }
        finally
        {
            _pending = null;
            _pendingLength = 0;
            ArrayPool<byte>.Shared.Return(pending);
        }
    }

    /// <summary>
    /// A batch's write. A connection that failed under it is reported as the WebSocket itself reports one, so the
    /// bridge tells a client that went away from a real fault.
    /// </summary>
    /// <exception cref="WebSocketException">The connection failed or was aborted.</exception>
    private async ValueTask WriteInnerAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        try
        {
            await inner.WriteAsync(bytes, cancellationToken);
        }
        catch (Exception error) when (error is IOException or ObjectDisposedException
            || (error is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, error);
        }
    }

    /// <summary>On disposal; if a write is still under way (a late ping), its buffer is left to the GC instead.</summary>
    private void ReturnPending()
    {
        if (!_gate.Wait(0))
        {
            return;
        }

        try
        {
            if (_pending is { } pending)
            {
                _pending = null;
                _pendingLength = 0;
                ArrayPool<byte>.Shared.Return(pending);
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
