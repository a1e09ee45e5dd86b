using WaQup.Providers.Audio;
using Xunit;

namespace WaQup.Tests.Audio;

public sealed class SilenceTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(40, 1)]
    [InlineData(41, 2)]
    [InlineData(2500, 63)]
    public void Pauses_are_rounded_up_to_whole_frames(int milliseconds, int frames)
    {
        Assert.Equal(frames, Silence.FrameCount(milliseconds));
        Assert.Equal(frames, Silence.Frames(milliseconds).Count());
    }

    [Fact]
    public void Silent_frames_are_whole_frames_of_zeros()
    {
        var frame = Silence.Frames(120).First();

        Assert.Equal(AudioFormat.FrameBytes, frame.Length);
        Assert.All(frame.ToArray(), b => Assert.Equal(0, b));
    }
}
