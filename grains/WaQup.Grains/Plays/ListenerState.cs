namespace WaQup.Grains.Plays;

/// <summary>
/// A listener's plays under way (a few, the newest), the effects not yet applied, their streak and minutes, and for the
/// last two days which creators their completions rewarded: bounded, whatever the listener plays.
/// </summary>
[GenerateSerializer, Alias("waqup.ListenerState")]
public sealed class ListenerState
{
    [Id(0)] public Dictionary<string, PlayInProgress> Plays { get; set; } = new(StringComparer.Ordinal);

    [Id(1)] public List<PlayEffect> Pending { get; set; } = [];

    [Id(2)] public long ListenedMs { get; set; }

    [Id(3)] public DateOnly? LastPlayDay { get; set; }

    [Id(4)] public int StreakDays { get; set; }

    [Id(5)] public int LongestStreakDays { get; set; }

    /// <summary>Creator id → the last day (UTC) a completion of this listener rewarded them; only today's and yesterday's are kept.</summary>
    [Id(6)] public Dictionary<string, DateOnly> RewardedOn { get; set; } = new(StringComparer.Ordinal);
}
