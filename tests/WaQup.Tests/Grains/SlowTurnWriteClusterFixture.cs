namespace WaQup.Tests.Grains;

/// <summary>A cluster whose sessions wait long for a conversational turn's write, so a test sees the wait from outside.</summary>
public sealed class SlowTurnWriteClusterFixture : GrainClusterFixture
{
    public static readonly TimeSpan Delay = TimeSpan.FromSeconds(8);

    protected override TimeSpan? TurnWriteDelay => Delay;
}
