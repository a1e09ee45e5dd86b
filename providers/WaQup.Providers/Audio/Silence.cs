namespace WaQup.Providers.Audio;

/// <summary>Silent audio in whole <see cref="AudioFormat"/> frames, for pauses between sentences.</summary>
public static class Silence
{
    // One shared, never-written buffer: pauses in a long meditation cost no allocation per frame.
    private static readonly byte[] SilentFrame = new byte[AudioFormat.FrameBytes];

    /// <summary>One frame of silence. Shared: do not write to it through MemoryMarshal.</summary>
    public static ReadOnlyMemory<byte> Frame => SilentFrame;

    /// <summary>Whole frames needed to cover <paramref name="milliseconds"/>, rounded up so a pause is never shortened.</summary>
    public static int FrameCount(int milliseconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(milliseconds);
        return (milliseconds + AudioFormat.FrameMs - 1) / AudioFormat.FrameMs;
    }

    /// <summary><see cref="FrameCount"/> frames of silence, each the shared <see cref="Frame"/>.</summary>
    public static IEnumerable<ReadOnlyMemory<byte>> Frames(int milliseconds)
    {
        var count = FrameCount(milliseconds);
        for (var i = 0; i < count; i++)
        {
            yield return SilentFrame;
        }
    }
}
