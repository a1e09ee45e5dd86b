namespace WaQup.Providers.Content.Llm;

/// <summary>One model call failed; says whether trying again could help. The message never holds a credential.</summary>
internal sealed class LlmCallException(string message, bool transient, TimeSpan? retryAfter = null, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>Rate limits, overload, server errors, dropped connections and timeouts: worth another attempt.</summary>
    public bool Transient { get; } = transient;

    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>Sentences were already handed on when this failed, so the call must not be repeated.</summary>
    public bool AfterFirstSentence { get; set; }
}
