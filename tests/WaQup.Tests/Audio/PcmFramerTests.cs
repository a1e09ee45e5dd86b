using WaQup.Providers.Audio;
using Xunit;

namespace WaQup.Tests.Audio;

public sealed class PcmFramerTests
{
    [Theory]
    [InlineData(1, 50)]
    [InlineData(2, 1919)]
    [InlineData(3, 1920)]
    [InlineData(4, 9000)]
    public void Frames_are_exact_and_in_order_whatever_the_chunk_sizes(int seed, int maxPiece)
    {
        var input = Pcm.Sine(440, 24_000, 24_000 + 123);
        var framer = new PcmFramer();
        var frames = new List<byte[]>();

        foreach (var piece in Pcm.RandomSplit(input, seed, maxPiece))
        {
            var chunk = piece;
            while (framer.TryTakeFrame(ref chunk, out var frame))
            {
                frames.Add(frame.ToArray());
            }

            Assert.True(chunk.IsEmpty);
        }

        Assert.All(frames, frame => Assert.Equal(AudioFormat.FrameBytes, frame.Length));
        Assert.Equal(input.Length / AudioFormat.FrameBytes, frames.Count);
        Assert.Equal(input.AsSpan(0, frames.Count * AudioFormat.FrameBytes).ToArray(), frames.SelectMany(f => f).ToArray());
        Assert.Equal(input.Length % AudioFormat.FrameBytes, framer.PendingBytes);
    }

    [Fact]
    public void Flush_pads_the_last_partial_frame_with_silence()
    {
        var input = Pcm.Sine(440, 24_000, 500);
        var framer = new PcmFramer();
        ReadOnlyMemory<byte> chunk = input;
        Assert.False(framer.TryTakeFrame(ref chunk, out _));

        Assert.True(framer.TryFlush(out var last));

        Assert.Equal(AudioFormat.FrameBytes, last.Length);
        Assert.Equal(input, last[..input.Length].ToArray());
        Assert.All(last[input.Length..].ToArray(), b => Assert.Equal(0, b));
        Assert.False(framer.TryFlush(out _));
    }

    [Fact]
    public void A_framer_reused_after_flush_starts_a_fresh_frame()
    {
        var framer = new PcmFramer(frameBytes: 4);
        ReadOnlyMemory<byte> first = new byte[] { 1, 2, 3 };
        framer.TryTakeFrame(ref first, out _);
        framer.TryFlush(out _);

        ReadOnlyMemory<byte> second = new byte[] { 9, 8, 7, 6 };
        Assert.True(framer.TryTakeFrame(ref second, out var frame));

        Assert.Equal(new byte[] { 9, 8, 7, 6 }, frame.ToArray());
    }
}
