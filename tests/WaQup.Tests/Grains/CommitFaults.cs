using System.Collections.Concurrent;
using WaQup.Abstractions.Grains;

namespace WaQup.Tests.Grains;

/// <summary>
/// Fails a credit ledger's commit for users named for it: a <c>commit-flaky-</c> user's first commit is refused as
/// when the ledger's silo has just died; a <c>commit-broken-</c> user's commits always fail; a <c>commit-lost-</c>
/// user's first commit never leaves the session's silo, as when that silo dies between saving and charging; a
/// <c>commit-unanswered-</c> user's commits are made but their answers fail.
/// </summary>
public sealed class CommitFaults : IIncomingGrainCallFilter, IOutgoingGrainCallFilter
{
    public const string Flaky = "commit-flaky-";
    public const string Broken = "commit-broken-";
    public const string Lost = "commit-lost-";
    public const string Unanswered = "commit-unanswered-";

    private static readonly ConcurrentDictionary<string, bool> Refused = new();

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.InterfaceMethod?.Name == nameof(ICreditGrain.CommitAsync) && context.TargetId.Key.ToString() is { } user)
        {
            if (user.StartsWith(Unanswered, StringComparison.Ordinal))
            {
                await context.Invoke();
                throw new InvalidOperationException("the answer was lost");
            }

            if (user.StartsWith(Broken, StringComparison.Ordinal))
            {
                throw new InvalidOperationException("the ledger cannot be written");
            }

            if (user.StartsWith(Flaky, StringComparison.Ordinal) && Refused.TryAdd(user, true))
            {
                throw new SiloUnavailableException("the ledger's silo is gone");
            }
        }

        await context.Invoke();
    }

    public Task Invoke(IOutgoingGrainCallContext context)
    {
        if (context.InterfaceMethod?.Name == nameof(ICreditGrain.CommitAsync)
            && context.TargetId.Key.ToString() is { } user
            && user.StartsWith(Lost, StringComparison.Ordinal)
            && Refused.TryAdd(user, true))
        {
            return new TaskCompletionSource().Task;
        }

        return context.Invoke();
    }
}
