using WaQup.Abstractions.Marketplace;

namespace WaQup.Grains.Marketplace;

/// <summary>
/// The marketplace's tables (migration 0104): the copies the creator, pack and purchases grains keep up to date for
/// the queries that span grains, and the counters (purchases, ratings) that only a transaction can keep exact.
/// </summary>
public interface IMarketplaceRecords
{
    Task UpsertCreatorAsync(string userId, CreatorProfile profile, DateTimeOffset createdAt, DateTimeOffset updatedAt, CancellationToken cancellationToken);

    /// <summary>The days of the range that have a row, oldest first.</summary>
    Task<IReadOnlyList<CreatorDay>> ReadCreatorDaysAsync(string creatorId, DateOnly from, DateOnly to, CancellationToken cancellationToken);

    /// <summary>Writes the pack's row and its rituals' rows as the pack is now; its counters are left as they are.</summary>
    Task UpsertPackAsync(string packId, PackState pack, CancellationToken cancellationToken);

    /// <summary>The pack's counters and whether <paramref name="userId"/> owns it (zeros when it has no row yet).</summary>
    Task<PackStanding> ReadStandingAsync(string packId, string userId, CancellationToken cancellationToken);

    Task<bool> OwnsAsync(string packId, string userId, CancellationToken cancellationToken);

    /// <summary>
    /// Records the ownership and, only when it is new, counts the purchase on the pack and on the creator's day: one
    /// transaction, so a retry neither counts twice nor leaves the ownership without its counts.
    /// </summary>
    Task RecordPurchaseAsync(PurchaseRecord purchase, CancellationToken cancellationToken);

    /// <summary>Puts the user's rating (replacing theirs) and sets the pack's sum and count from every rating: the new mean and count.</summary>
    Task<(double? Rating, long Count)> RateAsync(string packId, string userId, int stars, DateTimeOffset at, CancellationToken cancellationToken);
}
