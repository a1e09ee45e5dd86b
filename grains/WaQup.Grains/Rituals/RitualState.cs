using WaQup.Abstractions.Grains;

namespace WaQup.Grains.Rituals;

/// <summary>The persisted ritual; null until created, and again after deletion.</summary>
[GenerateSerializer, Alias("waqup.RitualState")]
public sealed class RitualState
{
    [Id(0)] public RitualDetails? Ritual { get; set; }
    [Id(1)] public bool Deleted { get; set; }
}
