using Orleans.Concurrency;
using WaQup.Abstractions.Grains;

namespace WaQup.Grains.Costs;

/// <summary>Reads the cost table for operators; holds nothing, so any silo may answer.</summary>
[StatelessWorker]
public sealed class CostReportGrain(ICostStore store) : Grain, ICostReportGrain
{
    public Task<ProviderCostReport> GetProviderCostsAsync(DateTimeOffset from, DateTimeOffset to) =>
        store.ProviderCostsAsync(from, to, CancellationToken.None);

    public Task<RitualCostReport?> GetRitualCostsAsync(string ritualId) =>
        store.RitualCostsAsync(ritualId, CancellationToken.None);
}
