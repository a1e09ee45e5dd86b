namespace WaQup.Grains.Configuration;

/// <summary>How a silo gives memory back after a burst. Section <c>Memory</c>.</summary>
public sealed class MemoryOptions
{
    /// <summary>How often pooled frame buffers that sat unused are let go (and the rest of the checks run).</summary>
    public TimeSpan TrimInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Once nothing has been spoken for <see cref="QuietFor"/>, runs one compacting collection if that gives back at
    /// least <see cref="MinReclaimBytes"/> and <see cref="MinReclaimShare"/> of the committed heap. It pauses the
    /// process (about a second for ten thousand idle sessions on two cores) while no audio is flowing.
    /// </summary>
    public bool CompactWhenQuiet { get; set; } = true;

    public TimeSpan QuietFor { get; set; } = TimeSpan.FromSeconds(20);

    public long MinReclaimBytes { get; set; } = 64L << 20;

    public double MinReclaimShare { get; set; } = 0.2;

    /// <summary>At most one such collection in this long, however the memory looks.</summary>
    public TimeSpan MinCompactionInterval { get; set; } = TimeSpan.FromMinutes(5);
}
