using WaQup.Abstractions.Plays;

namespace WaQup.Grains.Plays;

/// <summary>Where a player event took a play: its next shape, the verdict, what newly happened, and why when nothing did.</summary>
public sealed record PlayStep(PlayInProgress Next, PlayVerdict Verdict, bool NewlyCounted, bool NewlyCompleted, long AddedListenedMs, string? Reason);
