namespace WaQup.Abstractions.Plays;

/// <summary>The verdict on a player event, whether the play has counted and completed by now, and why when it was not taken.</summary>
[GenerateSerializer, Immutable, Alias("waqup.PlayAnswer")]
public sealed record PlayAnswer(PlayVerdict Verdict, bool Counted, bool Completed, string? Reason);
