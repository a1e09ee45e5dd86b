using WaQup.Grains.Admission;

namespace WaQup.Tests.Admission;

/// <summary>A silo's load as a test sets it.</summary>
public sealed class FakeSiloLoad : ISiloLoad
{
    public long EncoderBacklogFrames { get; set; }

    public double SchedulerLagMs { get; set; }
}
