namespace WaQup.Providers.Speech.Gate;

/// <summary>How many syntheses one silo runs at once, and how many requests may wait for one.</summary>
public sealed record SpeechGateOptions
{
    /// <summary>Syntheses in flight at once on this silo.</summary>
    public int MaxConcurrent { get; init; } = 2 * Environment.ProcessorCount;

    /// <summary>Requests one requester may have waiting; one more is refused with <see cref="SpeechBusyException"/>.</summary>
    public int MaxWaitingPerRequester { get; init; } = 16;

    /// <summary>Requests that may wait on this silo in all; one more is refused with <see cref="SpeechBusyException"/>.</summary>
    public int MaxWaiting { get; init; } = 512;

    /// <summary>Throws when a bound is out of range; the gate calls it too, hosts call it to fail at start.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxConcurrent);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxWaitingPerRequester);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxWaiting);
    }
}
