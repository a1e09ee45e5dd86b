using WaQup.Abstractions.Grains;

namespace WaQup.Grains.Rituals;

/// <summary>The queryable copy of rituals that ritual grains keep up to date (libraries, and who may play a pack's rituals).</summary>
public interface IRitualCatalog
{
    Task UpsertAsync(RitualDetails ritual, CancellationToken cancellationToken);

    Task DeleteAsync(string ritualId, CancellationToken cancellationToken);

    /// <summary>A person's library, newest first: their own rituals and those of the packs they own, each once.</summary>
    Task<IReadOnlyList<RitualSummary>> ListLibraryAsync(string userId, CancellationToken cancellationToken);

    /// <summary>
    /// Whether someone other than its owner may play the ritual through a pack holding it: one they own (whatever its
    /// status now), or a free one that is published.
    /// </summary>
    Task<bool> PlayableThroughPackAsync(string ritualId, string userId, CancellationToken cancellationToken);
}
