namespace WaQup.Abstractions.Marketplace;

/// <summary>One ritual of a pack as the pack shows it, with what the catalog indexes of it.</summary>
[GenerateSerializer, Immutable, Alias("waqup.PackRitual")]
public sealed record PackRitual(string RitualId, string Kind, string Title, long DurationMs, string Script);
