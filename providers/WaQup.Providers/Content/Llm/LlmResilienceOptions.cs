using Polly;
using Polly.CircuitBreaker;

namespace WaQup.Providers.Content.Llm;

/// <summary>How hard a script writer tries before it gives up, and when it stops trying for a while.</summary>
/// <remarks>
/// Retries happen only before the first sentence is handed on; after that, speech has started, and a failure hands the
/// rest to the built-in writer (or is reported, with <see cref="FallbackToBuiltIn"/> off). The SDKs' own retries are
/// switched off, so these are the only ones.
/// </remarks>
public sealed record LlmResilienceOptions
{
    /// <summary>Retries after the first attempt; 0 turns retrying off.</summary>
    public int MaxRetries { get; init; } = 2;

    /// <summary>The first backoff, doubled (with jitter) for each further retry.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between attempts; a Retry-After longer than this is not waited for, and the call fails.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How long an attempt may wait for its first text before it counts as failed.</summary>
    public TimeSpan FirstTokenTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How long a stream may go quiet after its first text before it counts as failed.</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The share of failed attempts, within <see cref="BreakSamplingDuration"/>, that opens the circuit.</summary>
    public double BreakFailureRatio { get; init; } = 0.5;

    /// <summary>Attempts needed within <see cref="BreakSamplingDuration"/> before the circuit may open (at least 2).</summary>
    public int BreakMinimumAttempts { get; init; } = 4;

    public TimeSpan BreakSamplingDuration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long calls fail at once after the circuit opens, before one is let through to test the provider.</summary>
    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// When the model cannot give a script (retries spent, the circuit open) or gives one that cannot be spoken, the
    /// built-in writer writes it instead, or the rest of it from where the model's part ended. False fails the ritual
    /// (it is refunded) instead.
    /// </summary>
    public bool FallbackToBuiltIn { get; init; } = true;

    /// <summary>How long reading a request (<see cref="LlmSlotExtractor"/>) may take before the built-in rules read it instead: someone is waiting.</summary>
    public TimeSpan ExtractionTimeout { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Sentences dropped by <see cref="ScriptValidator"/> after speech began before the rest is handed to the built-in writer.</summary>
    public int MaxDroppedSentences { get; init; } = 3;

    /// <summary>The breaker these settings describe, opening on the failures <paramref name="counts"/> picks out.</summary>
    public CircuitBreakerStrategyOptions Breaker(Func<Exception?, bool> counts) => new()
    {
        FailureRatio = BreakFailureRatio,
        MinimumThroughput = BreakMinimumAttempts,
        SamplingDuration = BreakSamplingDuration,
        BreakDuration = BreakDuration,
        ShouldHandle = args => ValueTask.FromResult(counts(args.Outcome.Exception)),
    };
}
