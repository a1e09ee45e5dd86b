using WaQup.Grains.Sessions;

namespace WaQup.Tests.Memory;

/// <summary>The frame pool keeps what speech keeps using and lets go of what a burst left behind.</summary>
public sealed class FramePoolTests
{
    [Fact]
    public void A_trim_lets_go_of_exactly_the_buffers_no_rent_needed_since_the_last_trim()
    {
        var pool = new FramePool();
        var burst = Enumerable.Range(0, 10).Select(_ => pool.Rent()).ToArray();
        foreach (var frame in burst)
        {
            pool.Return(frame);
        }

        // The pool was empty during this interval (the burst took everything it had), so nothing was surplus.
        Assert.Equal(0, pool.Trim());
        Assert.Equal(10, pool.Retained);

        // Steady speech: at most three in use at once, so seven sat idle all interval.
        for (var round = 0; round < 5; round++)
        {
            var speaking = Enumerable.Range(0, 3).Select(_ => pool.Rent()).ToArray();
            foreach (var frame in speaking)
            {
                pool.Return(frame);
            }
        }

        Assert.Equal(7, pool.Trim());
        Assert.Equal(3, pool.Retained);

        // Silence: whatever is left goes at the next trim, and an empty pool trims nothing.
        Assert.Equal(3, pool.Trim());
        Assert.Equal(0, pool.Retained);
        Assert.Equal(0, pool.Trim());
        Assert.Equal(25, pool.Rents);
    }

    [Fact]
    public void Buffers_of_another_size_or_beyond_the_bound_are_not_kept()
    {
        var pool = new FramePool(maxRetained: 2);
        var frames = Enumerable.Range(0, 3).Select(_ => pool.Rent()).ToArray();
        Assert.All(frames, frame => Assert.Equal(FramePool.FrameBytes, frame.Length));
        foreach (var frame in frames)
        {
            pool.Return(frame);
        }

        pool.Return(new byte[10]);
        Assert.Equal(2, pool.Retained);
    }
}
