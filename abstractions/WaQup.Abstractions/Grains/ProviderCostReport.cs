namespace WaQup.Abstractions.Grains;

/// <summary>A time window's provider costs, one line per provider and currency, and the ritual audio saved in it.</summary>
[GenerateSerializer, Immutable, Alias("waqup.ProviderCostReport")]
public sealed record ProviderCostReport(
    DateTimeOffset From,
    DateTimeOffset To,
    long Rituals,
    long RitualAudioMs,
    IReadOnlyList<CostLine> Providers);
