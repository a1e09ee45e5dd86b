using Orleans.Runtime;
using Polly;
using Polly.Retry;

namespace WaQup.Api.Conversation;

/// <summary>
/// Retries a session's start while the cluster is still moving it off a silo that died: until the silo is declared
/// dead its grains' calls are refused (it cannot be reached) or broken, and a moment later they succeed elsewhere.
/// Retried here, a client resuming after a crash simply gets its <c>session.ready</c> a few seconds later.
/// </summary>
public static class ClusterRetry
{
    /// <summary>Long enough for the membership to declare a dead silo (a few seconds, see the silo's tuning).</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(20);

    public static ResiliencePipeline Pipeline { get; } = new ResiliencePipelineBuilder()
        .AddTimeout(Budget)
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
            BackoffType = DelayBackoffType.Exponential,
            Delay = TimeSpan.FromMilliseconds(200),
            MaxDelay = TimeSpan.FromSeconds(1),
            UseJitter = true,
            MaxRetryAttempts = int.MaxValue,
        })
        .Build();

    /// <summary>Failures that mean "the silo holding it is gone or going", not "this request is wrong".</summary>
    public static bool IsTransient(Exception error) =>
        error is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException;
}
