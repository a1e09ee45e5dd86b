namespace WaQup.Providers.Speech.Gate;

/// <summary>The speech gate refused a request without waiting: its queue is full. Retrying later may succeed.</summary>
public sealed class SpeechBusyException(SpeechBusyReason reason, string message) : Exception(message)
{
    public SpeechBusyReason Reason { get; } = reason;
}
