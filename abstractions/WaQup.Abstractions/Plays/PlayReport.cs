namespace WaQup.Abstractions.Plays;

/// <summary>One player event: where in the ritual the listener is, in milliseconds from its start.</summary>
[GenerateSerializer, Immutable, Alias("waqup.PlayReport")]
public sealed record PlayReport(string RitualId, PlayEventKind Event, long PositionMs);
