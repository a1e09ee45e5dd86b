using System.IO.Pipelines;
using System.Net.WebSockets;
using WaQup.Api.Conversation;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Conversation;

/// <summary>The connection stream under the conversation's WebSocket: gathered writes, same bytes, same order.</summary>
public sealed class CoalescingStreamTests
{
    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Outside_a_batch_every_write_goes_straight_through()
    {
        var inner = new RecordingStream();
        await using var stream = new CoalescingStream(inner);

        await stream.WriteAsync(Bytes(1, 10), TestContext.Current.CancellationToken);
        await stream.WriteAsync(Bytes(2, 20), TestContext.Current.CancellationToken);

        Assert.Equal([10, 20], inner.Writes.Select(w => w.Length));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_batch_reaches_the_connection_as_one_write_when_it_ends()
    {
        var inner = new RecordingStream();
        await using var stream = new CoalescingStream(inner);
        var cancellationToken = TestContext.Current.CancellationToken;

        await stream.BeginBatchAsync(cancellationToken);
        await stream.AppendMessageAsync(Bytes(1, 100), WebSocketMessageType.Binary, cancellationToken);
        await stream.AppendMessageAsync(Bytes(2, 200), WebSocketMessageType.Text, cancellationToken);
        await stream.AppendMessageAsync(Bytes(3, 300), WebSocketMessageType.Binary, cancellationToken);
        Assert.Empty(inner.Writes);
        await stream.EndBatchAsync(cancellationToken);
        await stream.WriteAsync(Bytes(4, 40), cancellationToken);

        Assert.Equal([2 + 100 + 4 + 200 + 4 + 300, 40], inner.Writes.Select(w => w.Length));
        Assert.Equal(
            [.. Framed(Bytes(1, 100), text: false), .. Framed(Bytes(2, 200), text: true), .. Framed(Bytes(3, 300), text: false), .. Bytes(4, 40)],
            inner.All);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_batch_larger_than_its_buffer_is_written_in_pieces_in_order()
    {
        var inner = new RecordingStream();
        await using var stream = new CoalescingStream(inner);
        var cancellationToken = TestContext.Current.CancellationToken;
        var expected = new List<byte>();

        await stream.BeginBatchAsync(cancellationToken);
        for (byte i = 0; i < 40; i++)
        {
            // Audio-frame sized, then one larger than the whole buffer in the middle.
            var message = Bytes(i, i == 20 ? CoalescingStream.BatchBytes + 7 : 1_928);
            expected.AddRange(Framed(message, text: false));
            await stream.AppendMessageAsync(message, WebSocketMessageType.Binary, cancellationToken);
        }

        await stream.EndBatchAsync(cancellationToken);

        Assert.Equal(expected, inner.All);
        Assert.All(inner.Writes.Where(w => w.Length != CoalescingStream.BatchBytes + 7), w => Assert.True(w.Length <= CoalescingStream.BatchBytes));
        Assert.InRange(inner.Writes.Count, 4, 9);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_batch_gathers_what_it_was_told_to_expect_and_no_more_at_a_time()
    {
        var inner = new RecordingStream();
        await using var stream = new CoalescingStream(inner);
        var cancellationToken = TestContext.Current.CancellationToken;
        var expected = new List<byte>();

        // Told to expect two frames (a paced poll): its buffer has room for those, and a third goes in a write of its own.
        await stream.BeginBatchAsync(cancellationToken, expectedBytes: 2 * (4 + 1_928));
        for (byte i = 0; i < 3; i++)
        {
            var message = Bytes(i, 1_928);
            expected.AddRange(Framed(message, text: false));
            await stream.AppendMessageAsync(message, WebSocketMessageType.Binary, cancellationToken);
        }

        await stream.EndBatchAsync(cancellationToken);

        Assert.Equal(expected, inner.All);
        Assert.Equal([2 * (4 + 1_928), 4 + 1_928], inner.Writes.Select(w => w.Length));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task An_ended_batch_with_nothing_in_it_writes_nothing()
    {
        var inner = new RecordingStream();
        await using var stream = new CoalescingStream(inner);

        await stream.BeginBatchAsync(TestContext.Current.CancellationToken);
        await stream.EndBatchAsync(TestContext.Current.CancellationToken);

        Assert.Empty(inner.Writes);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_connection_that_fails_under_a_batch_is_reported_as_the_WebSocket_reports_it()
    {
        var inner = new RecordingStream { Fail = true };
        await using var stream = new CoalescingStream(inner);
        var cancellationToken = TestContext.Current.CancellationToken;

        await stream.BeginBatchAsync(cancellationToken);
        await stream.AppendMessageAsync(Bytes(1, 10), WebSocketMessageType.Binary, cancellationToken);
        var error = await Assert.ThrowsAsync<WebSocketException>(() => stream.EndBatchAsync(cancellationToken));

        Assert.Equal(WebSocketError.ConnectionClosedPrematurely, error.WebSocketErrorCode);
        Assert.IsType<IOException>(error.InnerException);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_WebSocket_sending_during_a_batch_waits_for_it_and_every_message_arrives_whole_and_in_order()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        // Unbounded, so everything fits before the client starts reading.
        var toClient = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
        var toServer = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
        var serverStream = new CoalescingStream(new DuplexPipeStream(toServer.Reader, toClient.Writer));
        using var server = WebSocket.CreateFromStream(serverStream, new WebSocketCreationOptions { IsServer = true });
        using var client = WebSocket.CreateFromStream(new DuplexPipeStream(toClient.Reader, toServer.Writer), new WebSocketCreationOptions());

        await serverStream.BeginBatchAsync(cancellationToken);
        await serverStream.AppendMessageAsync(Bytes(0, 1_928), WebSocketMessageType.Binary, cancellationToken);
        // The WebSocket's own send (as a ping from its timer would) starts while the batch is being gathered.
        var direct = server.SendAsync(Bytes(100, 300), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        for (byte i = 1; i < 50; i++)
        {
            await serverStream.AppendMessageAsync(Bytes(i, 1_928), i % 10 == 0 ? WebSocketMessageType.Text : WebSocketMessageType.Binary, cancellationToken);
        }

        Assert.False(direct.IsCompleted);
        await serverStream.EndBatchAsync(cancellationToken);
        await direct.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);

        var buffer = new byte[4096];
        for (var i = 0; i <= 50; i++)
        {
            var result = await client.ReceiveAsync(buffer.AsMemory(), cancellationToken);
            Assert.True(result.EndOfMessage);
            var (expected, type) = i < 50
                ? (Bytes((byte)i, 1_928), i % 10 == 0 && i > 0 ? WebSocketMessageType.Text : WebSocketMessageType.Binary)
                : (Bytes(100, 300), WebSocketMessageType.Text);
            Assert.Equal(type, result.MessageType);
            Assert.Equal(expected, buffer[..result.Count]);
        }
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Messages_framed_into_a_batch_are_read_by_a_WebSocket_exactly_as_sent_at_every_length_form()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var toClient = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
        var toServer = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
        await using var serverStream = new CoalescingStream(new DuplexPipeStream(toServer.Reader, toClient.Writer));
        using var client = WebSocket.CreateFromStream(new DuplexPipeStream(toClient.Reader, toServer.Writer), new WebSocketCreationOptions());
        // Seven-bit, 16-bit and 64-bit lengths, the edges between them, and one larger than the whole batch buffer.
        int[] lengths = [0, 1, 125, 126, 1_928, 65_535, 65_536, CoalescingStream.BatchBytes - 4, 200_000];

        await serverStream.BeginBatchAsync(cancellationToken);
        foreach (var (length, i) in lengths.Select((l, i) => (l, i)))
        {
            var type = i % 2 == 0 ? WebSocketMessageType.Binary : WebSocketMessageType.Text;
            await serverStream.AppendMessageAsync(Bytes((byte)(i + 'a'), length), type, cancellationToken);
        }

        await serverStream.EndBatchAsync(cancellationToken);

        var buffer = new byte[256 * 1024];
        foreach (var (length, i) in lengths.Select((l, i) => (l, i)))
        {
            var received = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                result = await client.ReceiveAsync(buffer.AsMemory(received), cancellationToken);
                received += result.Count;
            }
            while (!result.EndOfMessage);

            Assert.Equal(i % 2 == 0 ? WebSocketMessageType.Binary : WebSocketMessageType.Text, result.MessageType);
            Assert.Equal(Bytes((byte)(i + 'a'), length), buffer[..received]);
        }
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Framing_a_message_outside_a_batch_is_refused()
    {
        await using var stream = new CoalescingStream(new RecordingStream());

        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await stream.AppendMessageAsync(Bytes(1, 10), WebSocketMessageType.Binary, TestContext.Current.CancellationToken));
    }

    private static byte[] Bytes(byte value, int length) => Enumerable.Repeat(value, length).ToArray();

    /// <summary>A final, unmasked server frame, written out by hand from RFC 6455, section 5.2.</summary>
    private static byte[] Framed(byte[] payload, bool text)
    {
        byte opcode = (byte)(0x80 | (text ? 1 : 2));
        byte[] header = payload.Length switch
        {
            < 126 => [opcode, (byte)payload.Length],
            <= 65_535 => [opcode, 126, (byte)(payload.Length >> 8), (byte)payload.Length],
            _ => [opcode, 127, 0, 0, 0, 0, (byte)(payload.Length >> 24), (byte)(payload.Length >> 16), (byte)(payload.Length >> 8), (byte)payload.Length],
        };
        return [.. header, .. payload];
    }

    /// <summary>Remembers each write it is given, as the connection would see them.</summary>
    private sealed class RecordingStream : Stream
    {
        public List<byte[]> Writes { get; } = [];

        public bool Fail { get; init; }

        public byte[] All => Writes.SelectMany(w => w).ToArray();

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Fail)
            {
                throw new IOException("the connection was reset (injected by the test)");
            }

            Writes.Add(buffer.ToArray());
            return ValueTask.CompletedTask;
        }

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }

    /// <summary>One end of an in-memory connection.</summary>
    private sealed class DuplexPipeStream(PipeReader reader, PipeWriter writer) : Stream
    {
        private readonly Stream _read = reader.AsStream();
        private readonly Stream _write = writer.AsStream();

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => _read.ReadAsync(buffer, cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => _read.Read(buffer, offset, count);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => _write.WriteAsync(buffer, cancellationToken);

        public override void Write(byte[] buffer, int offset, int count) => _write.Write(buffer, offset, count);

        public override void Flush() => _write.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => _write.FlushAsync(cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
