using WaQup.Abstractions.Grains;

namespace WaQup.Grains.Costs;

/// <summary>The cost table: written in batches by <see cref="CostWriter"/>, read by operators' reports.</summary>
public interface ICostStore
{
    /// <summary>Stores the records in one statement; a record already stored (same id) is skipped, so a retry adds nothing.</summary>
    Task AppendAsync(IReadOnlyList<CostRecord> records, CancellationToken cancellationToken);

    Task<ProviderCostReport> ProviderCostsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    Task<RitualCostReport?> RitualCostsAsync(string ritualId, CancellationToken cancellationToken);
}
