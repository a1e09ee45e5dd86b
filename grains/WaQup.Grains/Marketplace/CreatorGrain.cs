using WaQup.Abstractions.Grains;
using WaQup.Abstractions.Marketplace;
using WaQup.Grains.Credits;
using WaQup.Grains.Persistence;

namespace WaQup.Grains.Marketplace;

/// <summary>
/// A person as a creator, keyed by their user id. Its public id (<c>cr_</c> and 32 hex digits) is made once and is
/// never the user id; the profile is copied to waqup_creators on every change.
/// </summary>
public sealed class CreatorGrain(
    [PersistentState("creator", "waqup")] IPersistentState<CreatorState> store,
    IMarketplaceRecords records,
    TimeProvider clock) : Grain, ICreatorGrain
{
    private string UserId => this.GetPrimaryKeyString();

    public async Task<CreatorProfile> BecomeAsync(string displayName, string bio)
    {
        var now = clock.GetUtcNow();
        if (store.State.CreatorId is null)
        {
            store.State.CreatorId = $"cr_{Guid.NewGuid():N}";
            store.State.CreatedAt = now;
        }

        store.State.DisplayName = displayName;
        store.State.Bio = bio;
        store.State.UpdatedAt = now;
        await store.WriteOrReloadAsync(this);
        // After the write: a failed copy fails this call, and its retry (the same profile) copies it again.
        var profile = Profile()!;
        await records.UpsertCreatorAsync(UserId, profile, store.State.CreatedAt, now, CancellationToken.None);
        return profile;
    }

    public Task<CreatorProfile?> GetAsync() => Task.FromResult(Profile());

    public async Task<IReadOnlyList<CreatorDay>?> GetDaysAsync(DateOnly from, DateOnly to)
    {
        if (store.State.CreatorId is not { } creatorId)
        {
            return null;
        }

        var recorded = (await records.ReadCreatorDaysAsync(creatorId, from, to, CancellationToken.None)).ToDictionary(d => d.Day);
        var days = new List<CreatorDay>(to.DayNumber - from.DayNumber + 1);
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            days.Add(recorded.GetValueOrDefault(day) ?? new CreatorDay(day, 0, 0, 0, 0));
        }

        return days;
    }

    public async Task<CreatorRewards?> GetRewardsAsync(int limit)
    {
        if (store.State.CreatorId is null)
        {
            return null;
        }

        // Rewards are entries of the person's own credit ledger (ARCHITECTURE.md): the credit grain is their one record.
        var rewards = await GrainFactory.GetGrain<ICreditGrain>(UserId).GetEntriesOfKindAsync(LedgerKinds.Reward, limit);
        return new CreatorRewards(rewards.Total, rewards.NewestFirst);
    }

    private CreatorProfile? Profile() =>
        store.State.CreatorId is { } creatorId ? new CreatorProfile(creatorId, store.State.DisplayName, store.State.Bio) : null;
}
