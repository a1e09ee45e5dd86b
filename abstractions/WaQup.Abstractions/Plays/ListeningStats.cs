namespace WaQup.Abstractions.Plays;

/// <summary>
/// A listener's streak (consecutive UTC days with a counted play, today or yesterday being the latest; 0 once a day is
/// missed), their longest, and the time they have listened in all.
/// </summary>
[GenerateSerializer, Immutable, Alias("waqup.ListeningStats")]
public sealed record ListeningStats(int StreakDays, int LongestStreakDays, long ListenedMs);
