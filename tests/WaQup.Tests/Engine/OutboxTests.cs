using WaQup.Abstractions.Grains;
using WaQup.Abstractions.Protocol;
using WaQup.Grains.Sessions;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Engine;

/// <summary>The replay buffer: order, acknowledgement, resume and cancel.</summary>
public sealed class OutboxTests
{
    private static byte[] Frame(uint seq) => [(byte)(seq >> 24), (byte)(seq >> 16), (byte)(seq >> 8), (byte)seq, 0, 0];

    [Fact]
    public void Items_are_read_in_order_after_a_cursor_and_in_bounded_batches()
    {
        var outbox = new Outbox(replayFrames: 100);
        outbox.Append(new AudioStartEvent("r1"));
        for (uint seq = 1; seq <= 10; seq++)
        {
            outbox.AppendAudio(seq, Frame(seq), "r1");
        }

        var first = outbox.Read(0, 4);
        Assert.Equal([1L, 2, 3, 4], first.Select(i => i.Index));
        var rest = outbox.Read(first[^1].Index, 100);
        Assert.Equal(Enumerable.Range(4, 7).Select(i => (uint)i), rest.Select(i => i.Seq));
        Assert.Empty(outbox.Read(outbox.LastIndex, 100));
    }

    [Fact]
    public void A_long_stream_read_and_acknowledged_in_steps_comes_out_whole_and_in_order_and_leaves_the_buffer_empty()
    {
        // Many times the buffer's starting size, acknowledged while it grows, so the ring wraps, grows and shrinks.
        var outbox = new Outbox(replayFrames: 5_000);
        var read = new List<OutboxItem>();
        uint seq = 0;
        for (var round = 0; round < 40; round++)
        {
            outbox.Append(new AudioStartEvent($"r{round}"));
            for (var i = 0; i < 97; i++)
            {
                outbox.AppendAudio(++seq, Frame(seq), $"r{round}");
            }

            outbox.Append(new AudioDoneEvent($"r{round}", seq, 97 * 40));
            var cursor = read.Count == 0 ? 0 : read[^1].Index;
            for (var batch = outbox.Read(cursor, 64); batch.Count > 0; batch = outbox.Read(read[^1].Index, 64))
            {
                read.AddRange(batch);
            }

            // Acknowledged a little behind, as a client does, and in full every fourth round.
            outbox.Ack(round % 4 == 3 ? seq : seq - 30);
        }

        Assert.Equal(Enumerable.Range(1, read.Count).Select(i => (long)i), read.Select(i => i.Index));
        Assert.Equal(Enumerable.Range(1, 40 * 97).Select(i => (uint)i), read.Where(i => i.Audio is not null).Select(i => i.Seq));
        outbox.Ack(seq);
        Assert.DoesNotContain(outbox.ReplayAfter(0), i => i.Audio is not null);
        outbox.Append(new AudioStartEvent("after"));
        Assert.IsType<AudioStartEvent>(Assert.Single(outbox.Read(read[^1].Index, 64)).Event);
    }

    [Fact]
    public void A_reader_goes_on_where_it_stopped_after_its_last_item_was_acknowledged_or_a_cancel_dropped_what_followed()
    {
        var outbox = new Outbox(replayFrames: 100);
        for (uint seq = 1; seq <= 6; seq++)
        {
            outbox.AppendAudio(seq, Frame(seq), "r1");
        }

        var read = outbox.Read(0, 3);
        outbox.Ack(3);
        // The node the reader stopped at is gone; the read still starts right after it.
        Assert.Equal([4u, 5, 6], outbox.Read(read[^1].Index, 10).Select(i => i.Seq));

        outbox.AppendAudio(7, Frame(7), "r2");
        outbox.AppendAudio(8, Frame(8), "r2");
        Assert.Equal(7u, outbox.DropUndeliveredAudio("r2"));
        outbox.Append(new ResponseCancelledEvent("r2"));
        outbox.AppendAudio(7, Frame(7), "r3");
        var after = outbox.Read(outbox.DeliveredIndex, 10);
        Assert.IsType<ResponseCancelledEvent>(after[0].Event);
        Assert.Equal([7u], after.Skip(1).Select(i => i.Seq));

        // An acknowledgement between events removes up to the last frame it covers, and the events before it.
        outbox.Ack(6);
        Assert.Equal([7u], outbox.ReplayAfter(0).Where(i => i.Audio is not null).Select(i => i.Seq));
    }

    [Fact]
    public void Only_frames_no_socket_can_still_be_sending_go_back_to_the_pool()
    {
        var pool = new FramePool();
        var outbox = new Outbox(replayFrames: 4, pool);
        var frames = Enumerable.Range(1, 12).Select(_ => pool.Rent()).ToArray();
        for (uint seq = 1; seq <= 3; seq++)
        {
            outbox.AppendAudio(seq, frames[seq - 1], "r1");
        }

        outbox.Read(0, 10);
        // Acknowledged on the connection that fetched them: reused once its next poll says its socket has written them.
        outbox.Ack(2);
        Assert.Equal(0, pool.Retained);
        outbox.Read(outbox.DeliveredIndex, 10);
        Assert.Equal(2, pool.Retained);

        // A resume: what the old connection fetched may still be leaving its socket, so it is never reused.
        Assert.Single(outbox.ReplayAfter(2));
        outbox.Ack(3);
        Assert.Equal(2, pool.Retained);

        // Fetched by the new connection only, then acknowledged: reused.
        outbox.AppendAudio(4, frames[3], "r2");
        outbox.Read(outbox.DeliveredIndex, 10);
        outbox.Ack(4);
        outbox.Read(outbox.DeliveredIndex, 10);
        Assert.Equal(3, pool.Retained);

        // Never fetched and dropped by a cancel: reused. Trimmed for space while unacknowledged: not.
        outbox.AppendAudio(5, frames[4], "r3");
        outbox.AppendAudio(6, frames[5], "r3");
        outbox.DropUndeliveredAudio("r3");
        Assert.Equal(5, pool.Retained);
        for (uint seq = 5; seq <= 10; seq++)
        {
            outbox.AppendAudio(seq, frames[seq], "r4");
        }

        Assert.Equal(5, pool.Retained);
    }

    [Fact]
    public void A_resume_gets_every_retained_frame_after_the_last_heard_and_only_unfetched_events()
    {
        var outbox = new Outbox(replayFrames: 100);
        outbox.Append(new AudioStartEvent("r1"));
        for (uint seq = 1; seq <= 5; seq++)
        {
            outbox.AppendAudio(seq, Frame(seq), "r1");
        }

        outbox.Read(0, 100);
        outbox.Append(new AudioDoneEvent("r1", 5, 200));
        var replay = outbox.ReplayAfter(lastAudioSeq: 3);
        Assert.Equal([4u, 5u], replay.Where(i => i.Audio is not null).Select(i => i.Seq));
        Assert.IsType<AudioDoneEvent>(Assert.Single(replay, i => i.Event is not null).Event);
        Assert.Empty(outbox.Read(outbox.LastIndex, 10));
    }

    [Fact]
    public void Acknowledged_frames_are_forgotten_and_the_buffer_is_bounded()
    {
        var outbox = new Outbox(replayFrames: 3);
        for (uint seq = 1; seq <= 5; seq++)
        {
            outbox.AppendAudio(seq, Frame(seq), "r1");
        }

        Assert.Equal([3u, 4u, 5u], outbox.ReplayAfter(0).Select(i => i.Seq));
        outbox.Ack(4);
        Assert.Equal([5u], outbox.ReplayAfter(0).Select(i => i.Seq));
    }

    [Fact]
    public void A_cancel_removes_only_the_frames_no_connection_has_fetched()
    {
        var outbox = new Outbox(replayFrames: 100);
        for (uint seq = 1; seq <= 6; seq++)
        {
            outbox.AppendAudio(seq, Frame(seq), "r1");
        }

        outbox.Read(0, 2);
        Assert.Equal(3u, outbox.DropUndeliveredAudio("r1"));
        Assert.Empty(outbox.Read(2, 100));
        Assert.Null(outbox.DropUndeliveredAudio("r1"));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Every_waiting_poll_wakes_and_a_later_poll_waits_for_the_next_news()
    {
        var outbox = new Outbox(replayFrames: 10);
        outbox.Append(new ResponseCancelledEvent("r0"));
        var first = outbox.WhenNews;
        var second = outbox.WhenNews;
        outbox.AppendAudio(1, Frame(1), "r1");
        await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(5));

        var later = outbox.WhenNews;
        Assert.False(later.IsCompleted);
        outbox.AppendAudio(2, Frame(2), "r1");
        await later.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_waiting_poll_wakes_when_something_is_appended()
    {
        var outbox = new Outbox(replayFrames: 10);
        var news = outbox.WhenNews;
        Assert.False(news.IsCompleted);
        outbox.Append(new ResponseCancelledEvent("r1"));
        await news.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void After_a_burst_a_quiet_session_gives_back_the_room_and_keeps_what_it_holds()
    {
        var outbox = new Outbox(replayFrames: 1500);
        for (uint seq = 1; seq <= 300; seq++)
        {
            outbox.AppendAudio(seq, Frame(seq), "r1");
        }

        outbox.Append(new AudioDoneEvent("r1", 300, 12_000));
        Assert.InRange(outbox.Capacity, 301, 1024);
        outbox.Read(0, 400);
        outbox.Ack(298);
        outbox.TrimExcess();

        Assert.Equal(8, outbox.Capacity);
        Assert.Equal(3, outbox.Count);
        Assert.Equal([299u, 300u], outbox.ReplayAfter(0).Select(i => i.Seq));
    }

    [Fact]
    public void Reads_after_a_cancel_find_the_events_that_followed_the_dropped_frames()
    {
        var outbox = new Outbox(replayFrames: 100);
        for (uint seq = 1; seq <= 6; seq++)
        {
            outbox.AppendAudio(seq, Frame(seq), "r1");
        }

        var fetched = outbox.Read(0, 2);
        outbox.Append(new ResponseCancelledEvent("r1"));
        outbox.DropUndeliveredAudio("r1");

        var rest = outbox.Read(fetched[^1].Index, 100);
        Assert.IsType<ResponseCancelledEvent>(Assert.Single(rest).Event);
        Assert.Equal(7, rest[0].Index);
    }
}
