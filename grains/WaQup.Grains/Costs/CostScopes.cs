using System.Runtime.CompilerServices;
using WaQup.Abstractions.Costs;

namespace WaQup.Grains.Costs;

/// <summary>Runs a provider's stream under a <see cref="CostScope"/> operation.</summary>
public static class CostScopes
{
    /// <summary>
    /// Passes <paramref name="items"/> through, each step of the inner stream under <paramref name="operation"/>. The
    /// scope is entered around every step because an iterator resumes in its caller's context after each item.
    /// </summary>
    public static async IAsyncEnumerable<T> Within<T>(
        IAsyncEnumerable<T> items, string operation, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        IAsyncEnumerator<T> enumerator;
        using (CostScope.EnterOperation(operation))
        {
            enumerator = items.GetAsyncEnumerator(cancellationToken);
        }

        await using (enumerator.ConfigureAwait(false))
        {
            while (true)
            {
                bool more;
                using (CostScope.EnterOperation(operation))
                {
                    more = await enumerator.MoveNextAsync().ConfigureAwait(false);
                }

                if (!more)
                {
                    yield break;
                }

                yield return enumerator.Current;
            }
        }
    }
}
