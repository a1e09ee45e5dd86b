using WaQup.Abstractions.Plays;
using WaQup.Grains.Configuration;

namespace WaQup.Grains.Plays;

/// <summary>
/// The rules of a play as functions of what is known and the time: no storage, no clock of their own, so each rule is a
/// row of a table in its tests.
/// </summary>
public static class PlayRules
{
    /// <summary>A position within this of the end is taken as the end (a player's rounding).</summary>
    public const long EndTolerance = 1_000;

    /// <summary>
    /// A progress or completion of <paramref name="play"/>. Listening is what the position moved forward, but never more
    /// in all than the time since the start allows (<see cref="PlayOptions.MaxSpeed"/> times it, plus
    /// <see cref="PlayOptions.Grace"/>): a player that skips or runs ahead moves its position and is not credited the
    /// part it could not have heard. A play counts once its listening reaches <see cref="PlayOptions.CountShare"/> of the
    /// ritual or <see cref="PlayOptions.CountAfter"/>; it completes on a completion near the end, once it has counted.
    /// </summary>
    public static PlayStep Advance(PlayInProgress play, PlayEventKind kind, long positionMs, DateTimeOffset now, PlayOptions options)
    {
        if (positionMs > play.DurationMs + EndTolerance)
        {
            return new PlayStep(play, PlayVerdict.BeyondEnd, false, false, 0, $"the ritual lasts {play.DurationMs} ms");
        }

        var position = Math.Min(positionMs, play.DurationMs);
        var elapsed = Math.Max(0, (now - play.StartedAt).TotalMilliseconds);
        var ceiling = (long)(elapsed * options.MaxSpeed + options.Grace.TotalMilliseconds);
        var listened = Math.Min(play.ListenedMs + Math.Max(0, position - play.PositionMs), Math.Max(play.ListenedMs, ceiling));
        var next = play with { PositionMs = position, ListenedMs = listened };
        var counted = play.Counted || listened >= CountThreshold(play.DurationMs, options);
        next = next with { Counted = counted };
        var added = listened - play.ListenedMs;
        if (kind != PlayEventKind.Complete || play.Completed)
        {
            return new PlayStep(next, PlayVerdict.Accepted, counted && !play.Counted, false, added, null);
        }

        if (position < play.DurationMs * options.CompleteShare)
        {
            return new PlayStep(next, PlayVerdict.NotCounted, counted && !play.Counted, false, added, "a completion comes at the end of the ritual");
        }

        if (!counted)
        {
            return new PlayStep(next, PlayVerdict.NotCounted, false, false, added, "too little of the ritual was heard for the time since the play started");
        }

        return new PlayStep(next with { Completed = true }, PlayVerdict.Accepted, !play.Counted, true, added, null);
    }

    /// <summary>How much of a ritual lasting <paramref name="durationMs"/> must be heard for a play to count.</summary>
    public static long CountThreshold(long durationMs, PlayOptions options) =>
        Math.Min((long)(durationMs * options.CountShare), (long)options.CountAfter.TotalMilliseconds);

    /// <summary>The streak after a play counts on <paramref name="today"/>: one more after yesterday, the same on the same day, 1 after a gap.</summary>
    public static (int Streak, int Longest) Streak(DateOnly? lastDay, int streak, int longest, DateOnly today)
    {
        var next = lastDay == today ? Math.Max(1, streak) : lastDay == today.AddDays(-1) ? streak + 1 : 1;
        return (next, Math.Max(longest, next));
    }

    /// <summary>The streak as it stands on <paramref name="today"/>: broken once a whole day passed without a counted play.</summary>
    public static int StreakOn(DateOnly? lastDay, int streak, DateOnly today) =>
        lastDay is { } last && last >= today.AddDays(-1) ? streak : 0;

    /// <summary>
    /// What a completion on <paramref name="today"/> earns the creator <paramref name="creatorId"/>, given which creators this
    /// listener's completions rewarded and when: nothing for a creator already rewarded today or past the day's cap;
    /// otherwise the reward, with the return bonus when they were rewarded yesterday.
    /// </summary>
    public static (int Reward, bool ReturnBonus) RewardFor(IReadOnlyDictionary<string, DateOnly> rewardedOn, string creatorId, DateOnly today, PlayOptions options)
    {
        var last = rewardedOn.TryGetValue(creatorId, out var day) ? day : (DateOnly?)null;
        if (last == today || rewardedOn.Values.Count(d => d == today) >= options.MaxRewardedCreatorsPerDay)
        {
            return (0, false);
        }

        var returning = last == today.AddDays(-1);
        return (options.RewardPerCompletedPlay + (returning ? options.ReturnBonus : 0), returning && options.ReturnBonus > 0);
    }
}
