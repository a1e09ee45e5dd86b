namespace WaQup.Grains.Admission;

/// <summary>
/// When a silo stops taking new rituals: past any of these limits a ritual request is refused with <c>overloaded</c>
/// before anything is reserved, and the rituals already under way keep the machine. Section <c>Admission</c>.
/// </summary>
public sealed class AdmissionOptions
{
    /// <summary>Rituals being written and spoken on this silo at once, per processor.</summary>
    public double RitualsPerProcessor { get; set; } = 6;

    /// <summary>Rituals whose audio has ended and that wait for their library copy and save, per processor.</summary>
    public double PendingSavesPerProcessor { get; set; } = 3;

    /// <summary>Audio (in milliseconds, all rituals together) waiting for the library copy's encoder on this silo.</summary>
    public int MaxEncoderBacklogMs { get; set; } = 60_000;

    /// <summary>
    /// How late the silo's own 100 ms heartbeat may run (smoothed) before it counts as short of CPU: thread-pool
    /// starvation, a machine whose cores are all taken, long garbage collections.
    /// </summary>
    public int MaxSchedulerLagMs { get; set; } = 500;

    /// <summary>The shortest wait a refusal suggests; longer the further the silo is over its limit, at most 30 s.</summary>
    public int RetryAfterMs { get; set; } = 2_000;

    /// <summary>Off: every ritual is taken (benchmarks that measure the engine past its limits).</summary>
    public bool Enabled { get; set; } = true;

    internal int MaxRituals => Math.Max(1, (int)Math.Round(RitualsPerProcessor * Environment.ProcessorCount));

    internal int MaxPendingSaves => Math.Max(1, (int)Math.Round(PendingSavesPerProcessor * Environment.ProcessorCount));
}
