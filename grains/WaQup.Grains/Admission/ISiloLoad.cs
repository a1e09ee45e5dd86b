namespace WaQup.Grains.Admission;

/// <summary>What a silo's load looks like right now, as admission control reads it.</summary>
public interface ISiloLoad
{
    /// <summary>Audio frames waiting for the library copy's encoder, every ritual on this silo together.</summary>
    long EncoderBacklogFrames { get; }

    /// <summary>How late the silo's heartbeat has been running lately, in milliseconds (0 when on time).</summary>
    double SchedulerLagMs { get; }
}
