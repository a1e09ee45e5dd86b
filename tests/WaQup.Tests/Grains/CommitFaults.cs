using System.Collections.Concurrent;
using WaQup.Abstractions.Grains;

namespace WaQup.Tests.Grains;

/// <summary>
/// Fails a credit ledger's commit for users named for it: a <c>commit-flaky-</c> user's first commit is refused as
/// when the ledger's silo has just died; a <c>commit-broken-</c> user's commits always fail.
/// </summary>
public sealed class CommitFaults : IIncomingGrainCallFilter
{
    public const string Flaky = "commit-flaky-";
    public const string Broken = "commit-broken-";

    private static readonly ConcurrentDictionary<string, bool> Refused = new();

    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.InterfaceMethod?.Name == nameof(ICreditGrain.CommitAsync) && context.TargetId.Key.ToString() is { } user)
        {
            if (user.StartsWith(Broken, StringComparison.Ordinal))
            {
                throw new InvalidOperationException("the ledger cannot be written");
            }

            if (user.StartsWith(Flaky, StringComparison.Ordinal) && Refused.TryAdd(user, true))
            {
                throw new SiloUnavailableException("the ledger's silo is gone");
            }
        }

        return context.Invoke();
    }
}
