using Orleans.Runtime;
using Polly;
using Polly.Retry;

namespace WaQup.Resilience;

/// <summary>
/// Retries a grain call while the cluster is still moving its grain off a silo that died: until the silo is declared
/// dead its grains' calls are refused (it cannot be reached) or broken, and a moment later they succeed elsewhere.
/// The api retries a session's start with it (a client resuming after a crash gets its <c>session.ready</c> a few
/// seconds later), and a session the charge for a ritual it has saved.
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

    /// <summary>
    /// Calls <paramref name="call"/> through <see cref="Pipeline"/> with every continuation on the caller's scheduler:
    /// a grain that retries stays on its own turn.
    /// </summary>
    public static async Task<T> RunAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken = default)
    {
        var context = ResilienceContextPool.Shared.Get(continueOnCapturedContext: true, cancellationToken);
        try
        {
            return await Pipeline.ExecuteAsync(static async (_, call) => await call(), context, call);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>Failures that mean "the silo holding it is gone or going", not "this request is wrong".</summary>
    public static bool IsTransient(Exception error) =>
        error is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException;
}
