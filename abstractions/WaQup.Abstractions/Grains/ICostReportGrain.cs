namespace WaQup.Abstractions.Grains;

/// <summary>What the providers' calls cost, read from the cost table: for operators.</summary>
public interface ICostReportGrain : IGrainWithIntegerKey
{
    /// <summary>Per provider, the calls made in [<paramref name="from"/>, <paramref name="to"/>) and their estimated cost, against the ritual audio made meanwhile.</summary>
    Task<ProviderCostReport> GetProviderCostsAsync(DateTimeOffset from, DateTimeOffset to);

    /// <summary>Every call that served one ritual, by provider, model and operation; null when the ritual is unknown and nothing served it.</summary>
    Task<RitualCostReport?> GetRitualCostsAsync(string ritualId);
}
