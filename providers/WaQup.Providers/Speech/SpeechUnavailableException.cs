namespace WaQup.Providers.Speech;

/// <summary>The speech provider could not produce audio.</summary>
public sealed class SpeechUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
