namespace WaQup.Providers.Content.Llm;

/// <summary>One call to a model, and what the provider reported during it.</summary>
internal sealed class LlmAttempt
{
    private static readonly AsyncLocal<LlmAttempt?> Ambient = new();

    /// <summary>The attempt running on this async flow, for HTTP handlers that sit below an SDK and cannot be handed it.</summary>
    public static LlmAttempt? Current
    {
        get => Ambient.Value;
        set => Ambient.Value = value;
    }

    public int? InputTokens { get; set; }

    public int? OutputTokens { get; set; }

    /// <summary>The provider said the answer is complete (or cut at a limit); a stream that ends without this was cut.</summary>
    public bool Finished { get; set; }

    /// <summary>The answer stopped at a token limit or a filter, so its last words may be half a sentence.</summary>
    public bool Truncated { get; set; }

    /// <summary>How long the provider asked us to wait, from the Retry-After of a failed response.</summary>
    public TimeSpan? RetryAfter { get; set; }
}
