namespace WaQup.Grains.Configuration;

/// <summary>
/// How plays count and what completed plays earn creators (section <c>Plays</c>; docs/plays.md). Rewards are credits.
/// </summary>
public sealed class PlayOptions
{
    /// <summary>A play counts once it has covered this share of the ritual…</summary>
    public double CountShare { get; set; } = 0.5;

    /// <summary>…or this long, whichever comes first.</summary>
    public TimeSpan CountAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A completion is taken within this share of the ritual's end.</summary>
    public double CompleteShare { get; set; } = 0.9;

    /// <summary>
    /// A player may run ahead of the clock by at most this factor (PROTOCOL.md: events whose position runs more than
    /// twice as fast as the time since their start need not count)…
    /// </summary>
    public double MaxSpeed { get; set; } = 2;

    /// <summary>…plus this much, for a player's buffering and a network's jitter.</summary>
    public TimeSpan Grace { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Credits a creator earns for the first completed play of their work by a listener on a day.</summary>
    public int RewardPerCompletedPlay { get; set; } = 1;

    /// <summary>Added when the same listener completed a play of that creator's work the day before.</summary>
    public int ReturnBonus { get; set; } = 1;

    /// <summary>A listener's completed plays reward at most this many creators a day.</summary>
    public int MaxRewardedCreatorsPerDay { get; set; } = 10;

    /// <summary>Plays under way a listener keeps at once; starting another forgets the oldest.</summary>
    public int PlaysKept { get; set; } = 20;
}
