using System.Net.Http;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using WaQup.Providers.Content.Llm;

namespace WaQup.Providers.Speech.Cloud;

/// <summary>
/// The strategies every paid provider's HTTP calls run through, outermost first: a total timeout, retries of transient
/// failures (after the wait the provider asks for, in <c>retry-after-ms</c> or <c>Retry-After</c>), a circuit breaker,
/// and a timeout per attempt. A provider that asks for a longer pause than <see cref="SpeechResilienceOptions.MaxRetryAfter"/>
/// is treated as down at once: someone is waiting.
/// </summary>
public static class PaidProviderPipeline
{
    public static void AddPaidProviderStrategies(this ResiliencePipelineBuilder<HttpResponseMessage> pipeline, SpeechResilienceOptions resilience, TimeProvider time)
    {
        pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Name = "total", Timeout = resilience.TotalTimeout });
        if (resilience.MaxRetryAttempts > 0)
        {
            // These requests have no side effect beyond cost, and a refused one is not billed, so POST is retried.
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = resilience.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = resilience.RetryDelay,
                // OpenAI sends retry-after-ms beside the whole seconds of Retry-After; the built-in reader knows only the latter.
                ShouldRetryAfterHeader = false,
                DelayGenerator = arguments => ValueTask.FromResult(AskedToWait(arguments.Outcome.Result, time)),
                ShouldHandle = arguments => ValueTask.FromResult(
                    HttpClientResiliencePredicates.IsTransient(arguments.Outcome)
                    && !(AskedToWait(arguments.Outcome.Result, time) > resilience.MaxRetryAfter)),
            });
        }

        pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            FailureRatio = resilience.CircuitFailureRatio,
            MinimumThroughput = resilience.CircuitMinimumThroughput,
            SamplingDuration = resilience.CircuitSamplingDuration,
            BreakDuration = resilience.CircuitBreakDuration,
        });
        pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Name = "attempt", Timeout = resilience.AttemptTimeout });
    }

    private static TimeSpan? AskedToWait(HttpResponseMessage? response, TimeProvider time) =>
        response is null
            ? null
            : RetryAfter.Parse(Header(response, "retry-after-ms"), Header(response, "retry-after"), time.GetUtcNow());

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
