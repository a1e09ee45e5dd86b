namespace WaQup.Providers.Speech.Cloud;

/// <summary>Retry, circuit breaker and timeouts for a speech provider's HTTP requests, up to the response headers.</summary>
/// <remarks>
/// These apply inside the HttpClient, which returns as soon as the headers arrive (the audio is read as a stream), so
/// neither timeout can cut a long body: the body is bounded by the provider's FirstByteTimeout and StallTimeout instead.
/// </remarks>
public sealed record SpeechResilienceOptions
{
    /// <summary>Further attempts after a 408, 429, 5xx, connection failure or attempt timeout; 0 turns retries off.</summary>
    public int MaxRetryAttempts { get; init; } = 2;

    /// <summary>First backoff delay, doubled per attempt with jitter, unless the provider sent Retry-After.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(400);

    /// <summary>A Retry-After longer than this is not waited for: the sentence fails at once instead of stalling the turn.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>One attempt's wait for the response headers.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>All attempts and backoff delays together, up to the response headers of the last one; keep it under the provider's FirstByteTimeout.</summary>
    public TimeSpan TotalTimeout { get; init; } = TimeSpan.FromSeconds(18);

    /// <summary>Share of failed requests within <see cref="CircuitSamplingDuration"/> that opens the circuit.</summary>
    public double CircuitFailureRatio { get; init; } = 0.5;

    /// <summary>Requests that must be seen within the sampling window before the circuit may open.</summary>
    public int CircuitMinimumThroughput { get; init; } = 8;

    public TimeSpan CircuitSamplingDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open circuit fails requests without sending them.</summary>
    public TimeSpan CircuitBreakDuration { get; init; } = TimeSpan.FromSeconds(15);
}
