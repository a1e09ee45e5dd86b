using WaQup.Abstractions.Protocol;
namespace WaQup.Providers.Content;

/// <summary>What is known so far about the ritual a person wants; null means not yet known.</summary>
public sealed record SlotValues(RitualKind? Kind, string? Topic, int? DurationMinutes, string? Voice)
{
    public static SlotValues Empty { get; } = new(null, null, null, null);
}
