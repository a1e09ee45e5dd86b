namespace WaQup.Abstractions.Grains;

/// <summary>One line of a library.</summary>
[GenerateSerializer, Immutable, Alias("waqup.RitualSummary")]
public sealed record RitualSummary(string RitualId, string Kind, string Title, long DurationMs, DateTimeOffset CreatedAt);
