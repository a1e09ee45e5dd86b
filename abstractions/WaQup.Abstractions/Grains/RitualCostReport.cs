namespace WaQup.Abstractions.Grains;

/// <summary>The provider calls that served one ritual; <see cref="DurationMs"/> is null when the ritual was not saved (or was deleted).</summary>
[GenerateSerializer, Immutable, Alias("waqup.RitualCostReport")]
public sealed record RitualCostReport(
    string RitualId,
    long? DurationMs,
    IReadOnlyList<CostLine> Lines);
