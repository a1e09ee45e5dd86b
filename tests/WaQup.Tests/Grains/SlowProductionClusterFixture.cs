namespace WaQup.Tests.Grains;

/// <summary>
/// A cluster whose rituals take several times their reservation's lease to make (each sentence of speech starts
/// late), as on a machine short of CPU. The lease is long enough that its renewal timer (every third of it) may run a
/// couple of seconds late on a loaded machine without the lease running out: at 1.5 s it once did, in CI beside other work.
/// </summary>
public sealed class SlowProductionClusterFixture : GrainClusterFixture
{
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(4);

    protected override TimeSpan? SpeechDelay => TimeSpan.FromMilliseconds(1200);

    protected override TimeSpan? ReservationLease => Lease;
}
