namespace WaQup.Providers.Speech.Gate;

/// <summary>Which waiting bound of the speech gate refused a request.</summary>
public enum SpeechBusyReason
{
    /// <summary>This requester already has <see cref="SpeechGateOptions.MaxWaitingPerRequester"/> requests waiting.</summary>
    RequesterQueueFull,

    /// <summary>The silo already has <see cref="SpeechGateOptions.MaxWaiting"/> requests waiting.</summary>
    SiloQueueFull,
}
