using Microsoft.Extensions.Options;
using WaQup.Providers.Audio;

namespace WaQup.Grains.Admission;

/// <summary>
/// Per-silo admission control for rituals. A silo that starts every ritual it is asked for, on a machine that cannot
/// make them all in time, finishes none of them; so a new ritual is taken only while the silo can still finish what
/// it has: rituals being made, rituals waiting to be saved, the encoder's backlog and the scheduler's lag are each
/// under their limit (<see cref="AdmissionOptions"/>). A refusal comes before anything is reserved.
/// </summary>
public sealed class RitualAdmission(ISiloLoad load, IOptions<AdmissionOptions> options)
{
    private const double MaxRetryMs = 30_000;

    private int _making;
    private int _saving;

    /// <summary>Rituals admitted on this silo whose audio has not ended.</summary>
    public int Making => Volatile.Read(ref _making);

    /// <summary>Rituals whose audio has ended and whose save has not finished.</summary>
    public int Saving => Volatile.Read(ref _saving);

    /// <summary>A slot for one more ritual, or why not and when to ask again.</summary>
    public bool TryAdmit(out RitualSlot? slot, out AdmissionRefusal? refusal)
    {
        var limits = options.Value;
        slot = null;
        refusal = limits.Enabled ? Check(limits) : null;
        if (refusal is not null)
        {
            return false;
        }

        // Counted as it is taken: two requests checked together cannot both take the last place.
        if (Interlocked.Increment(ref _making) is var making && making > limits.MaxRituals && limits.Enabled)
        {
            Interlocked.Decrement(ref _making);
            refusal = Refuse("rituals being made", making, limits.MaxRituals, limits);
            return false;
        }

        slot = new RitualSlot(this);
        return true;
    }

    internal void MoveToSaving()
    {
        Interlocked.Increment(ref _saving);
        Interlocked.Decrement(ref _making);
    }

    internal void Release(bool saving) => Interlocked.Decrement(ref saving ? ref _saving : ref _making);

    private AdmissionRefusal? Check(AdmissionOptions limits)
    {
        if (Saving >= limits.MaxPendingSaves)
        {
            return Refuse("rituals waiting to be saved", Saving + 1, limits.MaxPendingSaves, limits);
        }

        var backlogMs = load.EncoderBacklogFrames * AudioFormat.FrameMs;
        if (backlogMs > limits.MaxEncoderBacklogMs)
        {
            return Refuse("audio waiting for the encoder", backlogMs, limits.MaxEncoderBacklogMs, limits);
        }

        var lag = load.SchedulerLagMs;
        if (lag > limits.MaxSchedulerLagMs)
        {
            return Refuse("the silo is short of CPU", lag, limits.MaxSchedulerLagMs, limits);
        }

        // Rituals being made are counted as the place is taken, in TryAdmit.
        return null;
    }

    /// <summary>
    /// The further over its limit, the longer the wait; jittered, so the clients refused together do not all come
    /// back in the same instant.
    /// </summary>
    private static AdmissionRefusal Refuse(string reason, double value, double limit, AdmissionOptions limits)
    {
        var over = Math.Max(1, value / Math.Max(1, limit));
        var ms = Math.Min(MaxRetryMs, limits.RetryAfterMs * over * (1 + (Random.Shared.NextDouble() * 0.25)));
        return new AdmissionRefusal(reason, TimeSpan.FromMilliseconds(Math.Round(ms / 100) * 100));
    }
}
