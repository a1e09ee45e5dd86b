using WaQup.Abstractions.Grains;

namespace WaQup.Grains.Rituals;

/// <summary>The persisted ritual; null until created, and again after deletion.</summary>
[GenerateSerializer, Alias("waqup.RitualState")]
public sealed class RitualState
{
    [Id(0)] public RitualDetails? Ritual { get; set; }
    [Id(1)] public bool Deleted { get; set; }

    /// <summary>A deleted ritual whose catalog row or audio may remain: kept until both are gone, so a retried delete can finish.</summary>
    [Id(2)] public RitualDetails? Removing { get; set; }
}
