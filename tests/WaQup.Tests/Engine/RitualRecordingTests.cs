using WaQup.Grains.Sessions;
using WaQup.Grains.Sessions.Production;
using WaQup.Providers.Audio;
using WaQup.Tests.Audio;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Engine;

public sealed class RitualRecordingTests
{
    private const int FrameBytes = 1920;

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Recordings_fed_in_turns_through_one_encoder_thread_each_become_a_whole_file_of_their_own_length()
    {
        using var encoder = new RecordingEncoder(threads: 1);
        var lengths = new[] { 50, 125, 80 };
        var recordings = lengths.Select(_ => new RitualRecording(encoder, new FramePool(), CancellationToken.None)).ToArray();
        var audio = Pcm.Sine(300, AudioFormat.SampleRate, lengths.Max() * FrameBytes / 2);
        for (var frame = 0; frame < lengths.Max(); frame++)
        {
            for (var i = 0; i < recordings.Length; i++)
            {
                if (frame < lengths[i])
                {
                    recordings[i].Add(audio.AsSpan(frame * FrameBytes, FrameBytes));
                }
            }
        }

        for (var i = 0; i < recordings.Length; i++)
        {
            var file = new MemoryStream();
            await (await recordings[i].FinishAsync()).CopyToAsync(file, TestContext.Current.CancellationToken);
            var pages = OggPage.ParseAll(file.ToArray());
            Assert.All(pages, page => Assert.True(page.CrcValid));
            Assert.True(pages[^1].IsEnd);
            // The last granule position counts 48 kHz samples after the pre-skip: the frames' whole length.
            var preSkip = BitConverter.ToUInt16(pages[0].Packets[0], 10);
            Assert.Equal(lengths[i] * AudioFormat.FrameMs * 48L, pages[^1].Granule - preSkip);
            await recordings[i].DisposeAsync();
        }
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_recording_whose_audio_ended_is_finished_ahead_of_a_long_backlog_on_the_low_priority_thread()
    {
        using var encoder = new RecordingEncoder(threads: 1);
        var pool = new FramePool();
        var frame = Pcm.Sine(300, AudioFormat.SampleRate, FrameBytes / 2);
        // Four minutes of audio queued first keep the one low-priority thread busy for a while.
        await using var backlog = new RitualRecording(encoder, pool, CancellationToken.None);
        for (var i = 0; i < 6000; i++)
        {
            backlog.Add(frame);
        }

        await using var ended = new RitualRecording(encoder, pool, CancellationToken.None);
        for (var i = 0; i < 25; i++)
        {
            ended.Add(frame);
        }

        var file = await ended.FinishAsync();

        Assert.True(backlog.PendingFrames > 0, "the finished recording waited for the whole backlog before it");
        Assert.Equal(0, ended.PendingFrames);
        var pages = OggPage.ParseAll(((MemoryStream)file).ToArray());
        Assert.True(pages[^1].IsEnd);
        await backlog.FinishAsync();
        Assert.Equal(0, backlog.PendingFrames);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task With_no_background_thread_frames_wait_and_the_whole_file_is_made_when_the_audio_ends()
    {
        using var encoder = new RecordingEncoder(threads: 0);
        await using var recording = new RitualRecording(encoder, new FramePool(), CancellationToken.None);
        // The same frames go to an encoder with one background thread: by the time it has encoded them, a background
        // thread here would have taken some too.
        using var threaded = new RecordingEncoder(threads: 1);
        await using var witness = new RitualRecording(threaded, new FramePool(), CancellationToken.None);
        var frame = Pcm.Sine(300, AudioFormat.SampleRate, FrameBytes / 2);
        for (var i = 0; i < 50; i++)
        {
            recording.Add(frame);
            witness.Add(frame);
        }

        await Until.TrueAsync(() => witness.PendingFrames == 0, TimeSpan.FromSeconds(30), "an encoder with one background thread encoded 50 frames");
        Assert.Equal(50, recording.PendingFrames);

        var file = await recording.FinishAsync();

        Assert.Equal(0, recording.PendingFrames);
        var pages = OggPage.ParseAll(((MemoryStream)file).ToArray());
        var preSkip = BitConverter.ToUInt16(pages[0].Packets[0], 10);
        Assert.Equal(50 * AudioFormat.FrameMs * 48L, pages[^1].Granule - preSkip);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_cancelled_recording_finishes_as_cancelled_and_disposes_cleanly()
    {
        using var encoder = new RecordingEncoder(threads: 1);
        using var cancel = new CancellationTokenSource();
        var recording = new RitualRecording(encoder, new FramePool(), cancel.Token);
        recording.Add(new byte[FrameBytes]);
        await cancel.CancelAsync();
        recording.Add(new byte[FrameBytes]);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(recording.FinishAsync);
        await recording.DisposeAsync();
    }
}
