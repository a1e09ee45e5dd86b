namespace WaQup.Abstractions.Grains;

/// <summary>One line of a library; <see cref="Source"/> is <c>created</c> (the person's own) or <c>purchased</c> (from a pack they own).</summary>
[GenerateSerializer, Immutable, Alias("waqup.RitualSummary")]
public sealed record RitualSummary(string RitualId, string Kind, string Title, long DurationMs, DateTimeOffset CreatedAt, string Source);
