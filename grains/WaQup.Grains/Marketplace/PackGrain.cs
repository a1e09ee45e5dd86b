using Microsoft.Extensions.Logging;
using WaQup.Abstractions.Grains;
using WaQup.Abstractions.Marketplace;
using WaQup.Grains.Persistence;

namespace WaQup.Grains.Marketplace;

/// <summary>
/// One pack of a creator's own rituals. Its state is the truth; its waqup_packs and waqup_pack_rituals rows are
/// rewritten after every change (and on activation, which repairs a copy that failed), while the counters in its row
/// (purchases, ratings, plays) are kept by the transactions that count them, never by this copy.
/// </summary>
public sealed class PackGrain(
    [PersistentState("pack", "waqup")] IPersistentState<PackState> store,
    IMarketplaceRecords records,
    TimeProvider clock,
    ILogger<PackGrain> logger) : Grain, IPackGrain
{
    private PackState State => store.State;

    private string PackId => this.GetPrimaryKeyString();

    private bool Exists => State.CreatorUserId is not null;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Exists)
        {
            try
            {
                await records.UpsertPackAsync(PackId, State, cancellationToken);
            }
            catch (Exception error)
            {
                // The next change copies it again; reading the pack does not need the row.
                logger.LogWarning(error, "Could not copy pack {PackId} to its tables on activation", PackId);
            }
        }
    }

    public async Task<PackOutcome> CreateAsync(string callerId, PackDraft draft)
    {
        if (Exists)
        {
            // An idempotent retry of the same creation (its id comes from the caller's Idempotency-Key) answers the pack.
            return State.CreatorUserId == callerId
                ? await ViewAsync(callerId)
                : PackOutcome.Refused(PackAnswer.Conflict, "this pack id is taken");
        }

        if (await GrainFactory.GetGrain<ICreatorGrain>(callerId).GetAsync() is not { } creator)
        {
            return PackOutcome.Refused(PackAnswer.Forbidden, "only creators make packs: PUT /v1/me/creator first");
        }

        var (rituals, refusal) = await GatherAsync(callerId, draft.RitualIds);
        if (refusal is not null)
        {
            return refusal;
        }

        var now = clock.GetUtcNow();
        State.CreatorUserId = callerId;
        State.CreatorId = creator.CreatorId;
        State.Title = draft.Title;
        State.Description = draft.Description;
        State.Tags = [.. draft.Tags];
        State.PriceCredits = draft.PriceCredits;
        State.Status = PackStatuses.Draft;
        State.Rituals = rituals!;
        State.CreatedAt = now;
        State.UpdatedAt = now;
        return await SaveAsync(callerId);
    }

    public Task<PackOutcome> GetAsync(string callerId) => ViewAsync(callerId);

    public async Task<PackOutcome> UpdateAsync(string callerId, PackPatch patch)
    {
        if (await RefuseUnlessCreatorAsync(callerId) is { } refused)
        {
            return refused;
        }

        if (patch.RitualIds is { } ritualIds)
        {
            var (rituals, refusal) = await GatherAsync(callerId, ritualIds);
            if (refusal is not null)
            {
                return refusal;
            }

            State.Rituals = rituals!;
        }

        State.Title = patch.Title ?? State.Title;
        State.Description = patch.Description ?? State.Description;
        State.Tags = patch.Tags is { } tags ? [.. tags] : State.Tags;
        State.PriceCredits = patch.PriceCredits ?? State.PriceCredits;
        State.UpdatedAt = clock.GetUtcNow();
        return await SaveAsync(callerId);
    }

    public async Task<PackOutcome> PublishAsync(string callerId)
    {
        if (await RefuseUnlessCreatorAsync(callerId) is { } refused)
        {
            return refused;
        }

        if (State.Status == PackStatuses.Published)
        {
            return await ViewAsync(callerId);
        }

        if (await WhyNotPublishableAsync(callerId) is { } reason)
        {
            return PackOutcome.Refused(PackAnswer.Conflict, reason);
        }

        var now = clock.GetUtcNow();
        State.Status = PackStatuses.Published;
        State.PublishedAt ??= now;
        State.UpdatedAt = now;
        return await SaveAsync(callerId);
    }

    public async Task<PackOutcome> UnpublishAsync(string callerId)
    {
        if (await RefuseUnlessCreatorAsync(callerId) is { } refused)
        {
            return refused;
        }

        if (State.Status == PackStatuses.Unpublished)
        {
            return await ViewAsync(callerId);
        }

        if (State.Status == PackStatuses.Draft)
        {
            return PackOutcome.Refused(PackAnswer.Conflict, "a draft is not published: there is nothing to unpublish");
        }

        State.Status = PackStatuses.Unpublished;
        State.UpdatedAt = clock.GetUtcNow();
        return await SaveAsync(callerId);
    }

    public Task<PackSale?> GetSaleAsync() =>
        Task.FromResult(State.Status == PackStatuses.Published && Exists
            ? new PackSale(PackId, State.Title, State.PriceCredits, State.CreatorId, State.CreatorUserId!)
            : null);

    public async Task<RatingOutcome> RateAsync(string callerId, int stars)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stars, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(stars, 5);
        if (callerId == State.CreatorUserId)
        {
            return new RatingOutcome(PackAnswer.Forbidden, null, 0, "a creator does not rate their own pack");
        }

        var standing = await StandingAsync(callerId);
        if (!Visible(callerId, standing.Owned))
        {
            return new RatingOutcome(PackAnswer.NotFound, null, 0, null);
        }

        if (!standing.Owned)
        {
            return new RatingOutcome(PackAnswer.Forbidden, null, 0, "only owners of the pack rate it: buy it first");
        }

        var (rating, count) = await records.RateAsync(PackId, callerId, stars, clock.GetUtcNow(), CancellationToken.None);
        return new RatingOutcome(PackAnswer.Done, rating, count, null);
    }

    /// <summary>
    /// Null when the caller is the pack's creator; otherwise Forbidden for someone who can see the pack, and NotFound
    /// for someone who cannot (a draft, or an unpublished pack they do not own, is not there for them).
    /// </summary>
    private async Task<PackOutcome?> RefuseUnlessCreatorAsync(string callerId)
    {
        if (Exists && callerId == State.CreatorUserId)
        {
            return null;
        }

        var standing = await StandingAsync(callerId);
        return Visible(callerId, standing.Owned)
            ? PackOutcome.Refused(PackAnswer.Forbidden, "only the pack's creator may change it")
            : PackOutcome.Refused(PackAnswer.NotFound, "no such pack");
    }

    private bool Visible(string callerId, bool owned) =>
        Exists && (callerId == State.CreatorUserId
                   || State.Status == PackStatuses.Published
                   || (State.Status == PackStatuses.Unpublished && owned));

    private async Task<PackStanding> StandingAsync(string callerId) =>
        Exists ? await records.ReadStandingAsync(PackId, callerId, CancellationToken.None) : PackStanding.None;

    private async Task<PackOutcome> SaveAsync(string callerId)
    {
        await store.WriteOrReloadAsync(this);
        // After the write, so the copy never shows what the pack is not; a failed copy fails this call, and any later
        // change or activation writes the whole row again.
        await records.UpsertPackAsync(PackId, State, CancellationToken.None);
        return await ViewAsync(callerId);
    }

    private async Task<PackOutcome> ViewAsync(string callerId)
    {
        var standing = await StandingAsync(callerId);
        if (!Visible(callerId, standing.Owned))
        {
            return PackOutcome.Refused(PackAnswer.NotFound, "no such pack");
        }

        var creator = await GrainFactory.GetGrain<ICreatorGrain>(State.CreatorUserId!).GetAsync()
            ?? new CreatorProfile(State.CreatorId, "", "");
        return new PackOutcome(PackAnswer.Done, new PackView(
            PackId,
            State.Title,
            State.Description,
            creator,
            State.PriceCredits,
            State.Tags,
            State.Status,
            standing.Deleted.Count == 0 ? State.Rituals : [.. State.Rituals.Where(r => !standing.Deleted.Contains(r.RitualId))],
            standing.Owned || callerId == State.CreatorUserId,
            standing.Rating,
            standing.RatingCount,
            standing.Plays,
            standing.Purchases,
            State.CreatedAt,
            State.PublishedAt), null);
    }

    /// <summary>The rituals as they are now, in order; refused unless every one exists and is the caller's own.</summary>
    private async Task<(List<PackRitual>? Rituals, PackOutcome? Refusal)> GatherAsync(string callerId, IReadOnlyList<string> ritualIds)
    {
        var found = await Task.WhenAll(ritualIds.Select(id => OwnRitualAsync(callerId, id)));
        if (Array.FindIndex(found, r => r is null) is var missing and >= 0)
        {
            // Someone else's ritual and one that does not exist answer alike: a pack must not tell which rituals exist.
            return (null, PackOutcome.Refused(PackAnswer.Forbidden, $"ritual {ritualIds[missing]} is not one of yours"));
        }

        return ([.. found.Select(r => new PackRitual(r!.RitualId, r.Kind, r.Title, r.DurationMs, r.Script))], null);
    }

    private async Task<RitualDetails?> OwnRitualAsync(string callerId, string ritualId)
    {
        var lookup = await GrainFactory.GetGrain<IRitualGrain>(ritualId).GetAsync(callerId);
        return lookup.Ritual is { } ritual && ritual.OwnerId == callerId ? ritual : null;
    }

    private async Task<string?> WhyNotPublishableAsync(string callerId)
    {
        if (State.Rituals.Count == 0)
        {
            return "the pack holds no rituals: add some first";
        }

        var present = await Task.WhenAll(State.Rituals.Select(r => OwnRitualAsync(callerId, r.RitualId)));
        return Array.FindIndex(present, r => r is null) is var gone and >= 0
            ? $"ritual {State.Rituals[gone].RitualId} was deleted: edit the pack's rituals first"
            : null;
    }
}
