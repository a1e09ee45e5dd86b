using WaQup.Abstractions.Plays;
using WaQup.Grains.Configuration;
using WaQup.Grains.Plays;

namespace WaQup.Tests.Plays;

/// <summary>The rules of a play, row by row: when it counts and completes, what running ahead earns, streaks, rewards.</summary>
public sealed class PlayRulesSpecs
{
    private static readonly DateTimeOffset Start = new(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);
    private static readonly PlayOptions Options = new();

    private static PlayInProgress Play(long durationMs, long listenedMs = 0, long positionMs = 0, bool counted = false) =>
        new("play_1", "rit_1", durationMs, "pk_1", "Calm", "cr_1", "creator", Start, 0, positionMs, listenedMs, counted, false);

    [Theory]
    // A 10-minute ritual counts at 2 minutes heard (less than half), a 1-minute one at half.
    [InlineData(600_000, 119_000, 119, false)]
    [InlineData(600_000, 120_000, 120, true)]
    [InlineData(60_000, 29_000, 30, false)]
    [InlineData(60_000, 30_000, 30, true)]
    public void A_play_counts_at_half_the_ritual_or_two_minutes_heard(long durationMs, long positionMs, int secondsLater, bool counts)
    {
        var step = PlayRules.Advance(Play(durationMs), PlayEventKind.Progress, positionMs, Start.AddSeconds(secondsLater), Options);

        Assert.Equal(PlayVerdict.Accepted, step.Verdict);
        Assert.Equal(counts, step.NewlyCounted);
        Assert.Equal(positionMs, step.Next.ListenedMs);
    }

    [Fact]
    public void A_player_running_ahead_of_the_clock_moves_on_but_is_credited_only_what_it_could_have_heard()
    {
        // 10 s after the start, a 10-minute ritual is said to be at 5 minutes: at most 2 × 10 s + 5 s could be heard.
        var step = PlayRules.Advance(Play(600_000), PlayEventKind.Progress, 300_000, Start.AddSeconds(10), Options);

        Assert.Equal(300_000, step.Next.PositionMs);
        Assert.Equal(25_000, step.Next.ListenedMs);
        Assert.False(step.NewlyCounted);
    }

    [Fact]
    public void Replaying_a_stretch_after_seeking_back_is_listening_too()
    {
        var play = Play(600_000, listenedMs: 60_000, positionMs: 60_000);

        var back = PlayRules.Advance(play, PlayEventKind.Progress, 0, Start.AddSeconds(61), Options);
        var again = PlayRules.Advance(back.Next, PlayEventKind.Progress, 60_000, Start.AddSeconds(121), Options);

        Assert.Equal(60_000, back.Next.ListenedMs);
        Assert.Equal(120_000, again.Next.ListenedMs);
        Assert.True(again.NewlyCounted);
    }

    [Fact]
    public void Jumping_to_the_end_right_after_the_start_completes_nothing()
    {
        var step = PlayRules.Advance(Play(600_000), PlayEventKind.Complete, 600_000, Start.AddSeconds(3), Options);

        Assert.Equal(PlayVerdict.NotCounted, step.Verdict);
        Assert.False(step.NewlyCompleted);
        Assert.False(step.Next.Counted);
    }

    [Fact]
    public void A_completion_before_the_end_is_heard_but_not_taken()
    {
        var play = Play(600_000, listenedMs: 200_000, positionMs: 200_000, counted: true);

        var step = PlayRules.Advance(play, PlayEventKind.Complete, 300_000, Start.AddSeconds(300), Options);

        Assert.Equal(PlayVerdict.NotCounted, step.Verdict);
        Assert.False(step.Next.Completed);
    }

    [Fact]
    public void A_play_heard_to_the_end_completes_once_and_counts_on_the_way_if_it_had_not()
    {
        var step = PlayRules.Advance(Play(60_000, listenedMs: 25_000, positionMs: 25_000), PlayEventKind.Complete, 60_000, Start.AddSeconds(60), Options);
        var again = PlayRules.Advance(step.Next, PlayEventKind.Complete, 60_000, Start.AddSeconds(61), Options);

        Assert.Equal((PlayVerdict.Accepted, true, true), (step.Verdict, step.NewlyCounted, step.NewlyCompleted));
        Assert.Equal((PlayVerdict.Accepted, false, false), (again.Verdict, again.NewlyCounted, again.NewlyCompleted));
    }

    [Fact]
    public void A_position_past_the_end_is_refused_and_changes_nothing()
    {
        var play = Play(60_000, listenedMs: 10_000, positionMs: 10_000);

        var step = PlayRules.Advance(play, PlayEventKind.Progress, 61_001, Start.AddSeconds(40), Options);

        Assert.Equal(PlayVerdict.BeyondEnd, step.Verdict);
        Assert.Same(play, step.Next);
    }

    [Theory]
    [InlineData(null, 0, 0, 1, 1)]
    [InlineData("2026-12-04", 3, 5, 3, 5)]
    [InlineData("2026-12-03", 3, 3, 4, 4)]
    [InlineData("2026-12-02", 7, 7, 1, 7)]
    public void A_streak_grows_by_consecutive_days_and_starts_again_after_a_gap(string? lastDay, int streak, int longest, int nextStreak, int nextLongest)
    {
        var today = new DateOnly(2026, 12, 4);

        var next = PlayRules.Streak(lastDay is null ? null : DateOnly.Parse(lastDay), streak, longest, today);

        Assert.Equal((nextStreak, nextLongest), next);
    }

    [Theory]
    [InlineData("2026-12-04", 5)]
    [InlineData("2026-12-03", 5)]
    [InlineData("2026-12-02", 0)]
    public void A_streak_stands_until_a_whole_day_passes_without_a_play(string lastDay, int standing)
    {
        Assert.Equal(standing, PlayRules.StreakOn(DateOnly.Parse(lastDay), 5, new DateOnly(2026, 12, 4)));
    }

    [Fact]
    public void A_creator_is_rewarded_once_a_day_per_listener_with_a_bonus_when_the_listener_comes_back_the_next_day()
    {
        var today = new DateOnly(2026, 12, 4);
        var options = new PlayOptions { RewardPerCompletedPlay = 2, ReturnBonus = 3 };

        Assert.Equal((2, false), PlayRules.RewardFor(new Dictionary<string, DateOnly>(), "cr_1", today, options));
        Assert.Equal((0, false), PlayRules.RewardFor(new Dictionary<string, DateOnly> { ["cr_1"] = today }, "cr_1", today, options));
        Assert.Equal((5, true), PlayRules.RewardFor(new Dictionary<string, DateOnly> { ["cr_1"] = today.AddDays(-1) }, "cr_1", today, options));
        Assert.Equal((2, false), PlayRules.RewardFor(new Dictionary<string, DateOnly> { ["cr_1"] = today.AddDays(-2) }, "cr_1", today, options));
    }

    [Fact]
    public void A_listener_rewards_no_more_creators_a_day_than_the_cap()
    {
        var today = new DateOnly(2026, 12, 4);
        var options = new PlayOptions { MaxRewardedCreatorsPerDay = 2 };
        var rewarded = new Dictionary<string, DateOnly> { ["cr_1"] = today, ["cr_2"] = today, ["cr_3"] = today.AddDays(-1) };

        Assert.Equal((0, false), PlayRules.RewardFor(rewarded, "cr_3", today, options));
        Assert.Equal((0, false), PlayRules.RewardFor(rewarded, "cr_4", today, options));
    }
}
