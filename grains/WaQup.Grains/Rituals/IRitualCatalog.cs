using WaQup.Abstractions.Grains;

namespace WaQup.Grains.Rituals;

/// <summary>The queryable copy of rituals that ritual grains keep up to date (libraries, later search).</summary>
public interface IRitualCatalog
{
    Task UpsertAsync(RitualDetails ritual, CancellationToken cancellationToken);

    Task DeleteAsync(string ritualId, CancellationToken cancellationToken);

    Task<IReadOnlyList<RitualSummary>> ListByOwnerAsync(string ownerId, CancellationToken cancellationToken);
}
