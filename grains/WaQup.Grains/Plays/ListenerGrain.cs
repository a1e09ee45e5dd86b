using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WaQup.Abstractions.Grains;
using WaQup.Abstractions.Plays;
using WaQup.Grains.Configuration;
using WaQup.Grains.Credits;
using WaQup.Grains.Persistence;

namespace WaQup.Grains.Plays;

/// <summary>
/// A listener's plays (docs/plays.md). The rules are <see cref="PlayRules"/>; this grain holds the plays under way, and
/// turns a play that counts or completes into effects written to its state before they are applied, each applied once:
/// the play's row by its id, the creator's reward by its ledger id. Whatever fails in between is finished on the
/// listener's next event or activation.
/// </summary>
public sealed class ListenerGrain(
    [PersistentState("listener", "waqup")] IPersistentState<ListenerState> store,
    IPlayRecords records,
    IOptions<PlayOptions> options,
    TimeProvider clock,
    ILogger<ListenerGrain> logger) : Grain, IListenerGrain
{
    /// <summary>Listening not yet written is written once it reaches this much (it is written with every count, completion and start too).</summary>
    private const long UnsavedListeningLimitMs = 60_000;

    private long _unsavedListenedMs;

    private ListenerState State => store.State;

    private string UserId => this.GetPrimaryKeyString();

    private PlayOptions Rules => options.Value;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await TryApplyPendingAsync();
        await base.OnActivateAsync(cancellationToken);
    }

    public async Task<PlayAnswer> ReportAsync(PlayReport report)
    {
        await TryApplyPendingAsync();
        if (report.PositionMs < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(report), report.PositionMs, "a position is at least 0");
        }

        if (report.Event == PlayEventKind.Start)
        {
            return await StartAsync(report);
        }

        if (!State.Plays.TryGetValue(report.RitualId, out var play))
        {
            return new PlayAnswer(PlayVerdict.NoPlayStarted, false, false, "no play of this ritual was started: send a start first");
        }

        var now = clock.GetUtcNow();
        var step = PlayRules.Advance(play, report.Event, report.PositionMs, now, Rules);
        if (step.Verdict == PlayVerdict.BeyondEnd)
        {
            return new PlayAnswer(step.Verdict, play.Counted, play.Completed, step.Reason);
        }

        State.Plays[report.RitualId] = step.Next;
        State.ListenedMs += step.AddedListenedMs;
        _unsavedListenedMs += step.AddedListenedMs;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if (step.NewlyCounted)
        {
            (State.StreakDays, State.LongestStreakDays) = PlayRules.Streak(State.LastPlayDay, State.StreakDays, State.LongestStreakDays, today);
            State.LastPlayDay = today;
            State.Pending.Add(Effect(PlayEffectKind.Counted, step.Next, today, now, 0, false));
        }

        if (step.NewlyCompleted)
        {
            State.Pending.Add(Completion(step.Next, today, now));
        }

        if (step.NewlyCounted || step.NewlyCompleted || _unsavedListenedMs >= UnsavedListeningLimitMs)
        {
            await SaveAsync();
            await TryApplyPendingAsync();
        }

        return new PlayAnswer(step.Verdict, step.Next.Counted, step.Next.Completed, step.Reason);
    }

    public Task<ListeningStats> GetStatsAsync()
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return Task.FromResult(new ListeningStats(PlayRules.StreakOn(State.LastPlayDay, State.StreakDays, today), State.LongestStreakDays, State.ListenedMs));
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_unsavedListenedMs > 0)
        {
            try
            {
                await SaveAsync();
            }
            catch (Exception error)
            {
                logger.LogWarning(error, "The listening of {UserId} since their last write could not be saved", UserId);
            }
        }

        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    private async Task<PlayAnswer> StartAsync(PlayReport report)
    {
        // Who may play what is the ritual grain's rule, as for reading it and its audio.
        var lookup = await GrainFactory.GetGrain<IRitualGrain>(report.RitualId).GetAsync(UserId);
        if (lookup.Access == RitualAccess.NotFound)
        {
            return new PlayAnswer(PlayVerdict.NotFound, false, false, "no such ritual");
        }

        if (lookup is not { Access: RitualAccess.Allowed, Ritual: { } ritual })
        {
            return new PlayAnswer(PlayVerdict.Forbidden, false, false, "this ritual is in no pack the caller owns, and in no free published pack");
        }

        if (report.PositionMs > ritual.DurationMs + PlayRules.EndTolerance)
        {
            return new PlayAnswer(PlayVerdict.BeyondEnd, false, false, $"the ritual lasts {ritual.DurationMs} ms");
        }

        var pack = await records.PackOfAsync(report.RitualId, UserId, CancellationToken.None);
        var position = Math.Min(report.PositionMs, ritual.DurationMs);
        State.Plays[report.RitualId] = new PlayInProgress(
            $"play_{Guid.NewGuid():N}", report.RitualId, ritual.DurationMs, pack?.PackId, pack?.Title, pack?.CreatorId, pack?.CreatorUserId,
            clock.GetUtcNow(), position, position, 0, false, false);
        foreach (var oldest in State.Plays.Values.OrderByDescending(p => p.StartedAt).Skip(Rules.PlaysKept).ToList())
        {
            State.Plays.Remove(oldest.RitualId);
        }

        await SaveAsync();
        return new PlayAnswer(PlayVerdict.Accepted, false, false, null);
    }

    /// <summary>A completion's effect, with the reward it earns its creator: never for one's own work, at most once a day per creator.</summary>
    private PlayEffect Completion(PlayInProgress play, DateOnly today, DateTimeOffset now)
    {
        if (play.CreatorId is not { } creator || play.CreatorUserId == UserId)
        {
            return Effect(PlayEffectKind.Completed, play, today, now, 0, false);
        }

        var (reward, returning) = PlayRules.RewardFor(State.RewardedOn, creator, today, Rules);
        if (reward > 0)
        {
            State.RewardedOn[creator] = today;
            foreach (var stale in State.RewardedOn.Where(r => r.Value < today.AddDays(-1)).Select(r => r.Key).ToList())
            {
                State.RewardedOn.Remove(stale);
            }
        }

        return Effect(PlayEffectKind.Completed, play, today, now, reward, returning);
    }

    private static PlayEffect Effect(PlayEffectKind kind, PlayInProgress play, DateOnly day, DateTimeOffset at, int reward, bool returning) =>
        new(kind, play.PlayId, play.RitualId, play.PackId, play.PackTitle, play.CreatorId, play.CreatorUserId, day, at, reward, returning);

    private async Task SaveAsync()
    {
        await store.WriteOrReloadAsync(this);
        _unsavedListenedMs = 0;
    }

    /// <summary>Applies the written effects in order, each once; what fails stays, to be applied on the next event or activation.</summary>
    private async Task TryApplyPendingAsync()
    {
        try
        {
            while (State.Pending.Count > 0)
            {
                await ApplyAsync(State.Pending[0]);
                // Dropped from memory only: storage keeps it until the next write, and applying it again is a no-op.
                State.Pending.RemoveAt(0);
            }
        }
        catch (Exception error)
        {
            logger.LogWarning(error, "{Count} play effects of {UserId} could not be applied yet; they are kept", State.Pending.Count, UserId);
        }
    }

    private async Task ApplyAsync(PlayEffect effect)
    {
        if (effect.Kind == PlayEffectKind.Counted)
        {
            await records.CountAsync(UserId, effect, CancellationToken.None);
            return;
        }

        if (effect.Reward > 0)
        {
            var title = effect.PackTitle is { } pack ? $"“{pack}”" : "your pack";
            var reason = effect.ReturnBonus ? $"A listener came back to {title} and finished a play" : $"A listener finished a play of {title}";
            await GrainFactory.GetGrain<ICreditGrain>(effect.CreatorUserId!).CreditAsync($"play:{effect.PlayId}", effect.Reward, LedgerKinds.Reward, reason);
        }

        await records.CompleteAsync(effect, CancellationToken.None);
    }
}
