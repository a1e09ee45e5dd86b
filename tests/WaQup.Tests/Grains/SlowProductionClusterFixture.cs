namespace WaQup.Tests.Grains;

/// <summary>
/// A cluster whose rituals take several times their reservation's lease to make (each sentence of speech starts
/// late), as on a machine short of CPU.
/// </summary>
public sealed class SlowProductionClusterFixture : GrainClusterFixture
{
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(1.5);

    protected override TimeSpan? SpeechDelay => TimeSpan.FromMilliseconds(400);

    protected override TimeSpan? ReservationLease => Lease;
}
