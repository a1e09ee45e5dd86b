using System.Buffers.Binary;
using WaQup.Abstractions.Grains;
using WaQup.Grains.Sessions;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Engine;

/// <summary>
/// A pooled frame lent to a socket is never given back while that socket can still read it: not for an ack that
/// claims more than was sent, not for a resume, not for a cancel. Frames are stamped with the listener they belong to;
/// the pool poisons what comes back, and another listener rents and stamps whatever the pool hands out.
/// </summary>
public sealed class FrameOwnershipTests
{
    private const byte Mine = 0x11;
    private const byte Theirs = 0x22;

    private readonly PoisoningFramePool _pool = new();

    [Fact]
    public void An_ack_of_more_than_was_sent_gives_back_no_frame_a_socket_is_still_writing()
    {
        var outbox = new Outbox(replayFrames: 100, _pool);
        Speak(outbox, 1, 10, "r1");
        var written = outbox.Read(0, 5);
        // The next poll says frames 1-5 are written; its own batch (6-10) is now being written.
        var writing = outbox.Read(written[^1].Index, 64);

        outbox.Ack(5 + 1_000);
        AssertReused(written);
        AssertStillLent(writing);
        Assert.Equal(5, outbox.Held);
        Assert.DoesNotContain(outbox.ReplayAfter(0), item => item.Audio is not null);
        Assert.Equal(0, _pool.DoubleReturns);
    }

    [Fact]
    public void Acknowledged_frames_go_back_once_the_next_poll_passes_them()
    {
        var outbox = new Outbox(replayFrames: 100, _pool);
        Speak(outbox, 1, 6, "r1");
        var writing = outbox.Read(0, 64);
        outbox.Ack(6);
        Assert.All(writing, item => Assert.False(_pool.Holds(item.Audio!)));

        Speak(outbox, 7, 7, "r1");
        var next = outbox.Read(writing[^1].Index, 64);
        AssertReused(writing);
        Assert.Equal(7u, Assert.Single(next).Seq);
        Assert.Equal(0, outbox.Held);
        Assert.Equal(0, _pool.DoubleReturns);
    }

    [Fact]
    public void While_audio_streams_every_acknowledged_frame_goes_back_to_the_pool_within_the_poll_that_carries_the_ack()
    {
        // As the session's poll does it: the ack the bridge carries first, then the read after its cursor. The client
        // acknowledges what it has received, up to the whole of the batch before: frames the ack reaches before the
        // read passes them.
        var outbox = new Outbox(replayFrames: 1500, _pool);
        var cursor = 0L;
        var heard = new List<uint>();
        uint seq = 0, reported = 0;
        for (var poll = 0; poll < 200; poll++)
        {
            Speak(outbox, seq + 1, seq += (uint)(1 + poll % 3), "r1");
            var returnsBefore = _pool.Returns;
            var acknowledged = heard.Count > 4 ? heard[^(1 + poll % 4)] : 0;
            if (acknowledged > reported)
            {
                outbox.Ack(acknowledged);
            }

            var batch = outbox.Read(cursor, 64);
            Assert.Equal(0, outbox.Held);
            Assert.Equal(Math.Max(0, acknowledged - reported), _pool.Returns - returnsBefore);
            reported = Math.Max(reported, acknowledged);
            heard.AddRange(batch.Select(item => item.Seq));
            cursor = batch[^1].Index;
        }

        // The end of the response is acknowledged by a call of its own, once the last poll has passed it.
        outbox.Read(cursor, 64);
        outbox.Ack(seq);
        Assert.Equal(seq, _pool.Returns);
        Assert.Equal(0, outbox.Count);
        Assert.Equal(0, _pool.DoubleReturns);
    }

    [Fact]
    public void A_resume_while_the_first_connection_still_writes_reuses_none_of_what_it_fetched()
    {
        var outbox = new Outbox(replayFrames: 100, _pool);
        Speak(outbox, 1, 10, "r1");
        // The first connection's socket is writing all ten when the client comes back on a second one.
        var first = outbox.Read(0, 64);
        outbox.Ack(2);

        var replay = outbox.ReplayAfter(lastAudioSeq: 4);
        Assert.Equal(Enumerable.Range(5, 6).Select(i => (uint)i), replay.Select(item => item.Seq));
        var cursor = outbox.LastIndex;
        Speak(outbox, 11, 12, "r1");
        var second = outbox.Read(cursor, 64);
        outbox.Read(second[^1].Index, 64);
        // The second connection has every frame: the replayed ones are the very arrays the first is still writing.
        outbox.Ack(12);
        AssertReused(second);
        AssertStillLent(first);
        Assert.Equal(0, _pool.DoubleReturns);
    }

    [Fact]
    public void A_cancel_while_frames_are_written_reuses_only_the_frames_no_connection_fetched()
    {
        var outbox = new Outbox(replayFrames: 100, _pool);
        var frames = Speak(outbox, 1, 10, "r1");
        var writing = outbox.Read(0, 6);
        var unfetched = frames[6..];

        Assert.Equal(7u, outbox.DropUndeliveredAudio("r1"));
        Assert.All(unfetched, frame => Assert.True(_pool.Holds(frame), "a frame no connection fetched is reused at once"));
        AssertStillLent(writing);
        Assert.Equal(0, _pool.DoubleReturns);
    }

    [Fact]
    public void A_cancel_after_the_connection_ended_mid_batch_reuses_none_of_the_frames_it_had_fetched()
    {
        var outbox = new Outbox(replayFrames: 100, _pool);
        Speak(outbox, 1, 10, "r1");
        var fetched = outbox.Read(0, 64);
        // The socket went away after writing three: the rest count as undelivered again, so a resume sends them.
        outbox.Undeliver(fetched[2].Index);

        Assert.Equal(4u, outbox.DropUndeliveredAudio("r1"));
        AssertStillLent(fetched);
    }

    /// <summary>Appends frames <paramref name="from"/>..<paramref name="to"/>, rented from the pool and stamped as this listener's.</summary>
    private byte[][] Speak(Outbox outbox, uint from, uint to, string responseId)
    {
        var frames = new byte[to - from + 1][];
        for (var seq = from; seq <= to; seq++)
        {
            frames[seq - from] = Stamp(_pool.Rent(), seq, Mine);
            outbox.AppendAudio(seq, frames[seq - from], responseId);
        }

        return frames;
    }

    /// <summary>Another session of the same silo speaks: it takes everything the pool holds and writes its own audio over it.</summary>
    private void AnotherListenerRents()
    {
        while (_pool.Retained > 0)
        {
            Stamp(_pool.Rent(), 0, Theirs);
        }
    }

    private static byte[] Stamp(byte[] frame, uint seq, byte listener)
    {
        BinaryPrimitives.WriteUInt32BigEndian(frame, seq);
        frame.AsSpan(4).Fill(listener);
        return frame;
    }

    /// <summary>These frames were written and acknowledged on the only connection that fetched them: they are back in the pool.</summary>
    private void AssertReused(IReadOnlyList<OutboxItem> items) =>
        Assert.All(items, item => Assert.True(_pool.Holds(item.Audio!), $"frame {item.Seq} is done with, and is not back in the pool"));

    /// <summary>
    /// None of these frames is in the pool, and after another listener has rented and written over everything the
    /// pool held, what a socket writing them now would send is still this listener's audio, under each frame's number.
    /// </summary>
    private void AssertStillLent(IReadOnlyList<OutboxItem> items)
    {
        Assert.All(items, item => Assert.False(_pool.Holds(item.Audio!), $"frame {item.Seq} went back to the pool while a socket could still read it"));
        AnotherListenerRents();
        foreach (var item in items)
        {
            var frame = item.Audio!;
            Assert.True(BinaryPrimitives.ReadUInt32BigEndian(frame) == item.Seq, $"frame {item.Seq} now carries number {BinaryPrimitives.ReadUInt32BigEndian(frame)}");
            var foreign = frame.AsSpan(4).IndexOfAnyExcept(Mine);
            Assert.True(foreign < 0, $"frame {item.Seq} holds 0x{(foreign < 0 ? 0 : frame[4 + foreign]):X2} at byte {4 + foreign}: poisoned or another listener's");
        }
    }
}
