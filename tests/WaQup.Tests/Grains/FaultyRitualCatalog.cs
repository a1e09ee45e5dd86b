using System.Collections.Concurrent;
using WaQup.Abstractions.Grains;
using WaQup.Grains.Rituals;

namespace WaQup.Tests.Grains;

/// <summary>The ritual catalog, failing the first listing, or the first removal, of the rituals a test names.</summary>
public sealed class FaultyRitualCatalog(IRitualCatalog real) : IRitualCatalog
{
    private static readonly ConcurrentDictionary<string, bool> FailOnce = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, bool> FailDeleteOnce = new(StringComparer.Ordinal);

    public static void FailFirstUpsert(string ritualId) => FailOnce[ritualId] = true;

    public static void FailFirstDelete(string ritualId) => FailDeleteOnce[ritualId] = true;

    /// <summary>Fails the first listing of any ritual of <paramref name="ownerId"/> (whose ritual id the test cannot know ahead).</summary>
    public static void FailFirstUpsertOf(string ownerId) => FailOnce["owner:" + ownerId] = true;

    public Task UpsertAsync(RitualDetails ritual, CancellationToken cancellationToken)
    {
        if (FailOnce.TryRemove(ritual.RitualId, out _) || FailOnce.TryRemove("owner:" + ritual.OwnerId, out _))
        {
            throw new IOException($"The test refused to list ritual {ritual.RitualId}.");
        }

        return real.UpsertAsync(ritual, cancellationToken);
    }

    public Task DeleteAsync(string ritualId, CancellationToken cancellationToken)
    {
        if (FailDeleteOnce.TryRemove(ritualId, out _))
        {
            throw new IOException($"The test refused to remove ritual {ritualId} from the catalog.");
        }

        return real.DeleteAsync(ritualId, cancellationToken);
    }

    public Task<IReadOnlyList<RitualSummary>> ListLibraryAsync(string userId, CancellationToken cancellationToken) =>
        real.ListLibraryAsync(userId, cancellationToken);

    public Task<bool> PlayableThroughPackAsync(string ritualId, string userId, CancellationToken cancellationToken) =>
        real.PlayableThroughPackAsync(ritualId, userId, cancellationToken);
}
