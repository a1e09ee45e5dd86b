using WaQup.Load;

namespace WaQup.Tests.Load;

/// <summary>The simulated player: it starts at the first frame, and frame k is due k·40 ms later.</summary>
public sealed class FramePlayerTests
{
    private const long Frame = 40;

    [Fact]
    public void Frames_that_arrive_ahead_of_playback_are_on_time()
    {
        var player = new FramePlayer(Frame);
        player.Start();

        Assert.False(player.Play(1_000));
        for (var k = 1; k < 50; k++)
        {
            Assert.False(player.Play(1_000 + k));
        }

        Assert.Equal(50, player.Frames);
        Assert.Equal(0, player.Late);
    }

    [Fact]
    public void A_frame_after_its_due_time_is_late_and_one_exactly_at_it_is_not()
    {
        var player = new FramePlayer(Frame);
        player.Start();

        Assert.False(player.Play(100));
        Assert.False(player.Play(100 + Frame));
        Assert.True(player.Play(100 + (2 * Frame) + 1));
        Assert.False(player.Play(100 + (3 * Frame) - 5));

        Assert.Equal(4, player.Frames);
        Assert.Equal(1, player.Late);
    }

    [Fact]
    public void The_first_frame_is_never_late_because_playback_starts_with_it()
    {
        var player = new FramePlayer(Frame);
        player.Start();

        Assert.False(player.Play(long.MaxValue / 2));
        Assert.Equal(0, player.Late);
    }

    [Fact]
    public void A_new_response_restarts_the_clock()
    {
        var player = new FramePlayer(Frame);
        player.Start();
        player.Play(0);
        player.Play(10 * Frame);

        player.Start();
        Assert.False(player.Play(100 * Frame));
        Assert.False(player.Play(101 * Frame));
        Assert.Equal(0, player.Late);
    }

    [Fact]
    public void A_stopped_player_plays_nothing()
    {
        var player = new FramePlayer(Frame);
        Assert.False(player.Play(5));
        Assert.Equal(0, player.Frames);
    }

    [Theory]
    [InlineData(0, 0, 0, false)]
    [InlineData(0, 3, 120, false)]
    [InlineData(0, 3, 121, true)]
    [InlineData(500, 10, 899, false)]
    [InlineData(500, 10, 901, true)]
    public void Frame_k_is_due_at_first_plus_k_frames(long first, int k, long arrival, bool late) =>
        Assert.Equal(late, FramePlayer.IsLate(first, k, arrival, Frame));
}
