namespace WaQup.Grains.Admission;

/// <summary>
/// One admitted ritual's place on its silo: counted as being made until its audio ends, then as waiting for its
/// save, and given back when disposed (saved, failed or cancelled). Disposing twice gives back once.
/// </summary>
public sealed class RitualSlot : IDisposable
{
    private readonly RitualAdmission _admission;
    private int _phase; // 0 being made, 1 saving, 2 given back

    internal RitualSlot(RitualAdmission admission) => _admission = admission;

    /// <summary>The ritual's audio has ended: it now waits for its library copy and its save.</summary>
    public void AudioEnded()
    {
        if (Interlocked.CompareExchange(ref _phase, 1, 0) == 0)
        {
            _admission.MoveToSaving();
        }
    }

    public void Dispose()
    {
        var previous = Interlocked.Exchange(ref _phase, 2);
        if (previous != 2)
        {
            _admission.Release(saving: previous == 1);
        }
    }
}
