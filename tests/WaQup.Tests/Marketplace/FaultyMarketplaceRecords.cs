using System.Collections.Concurrent;
using WaQup.Abstractions.Marketplace;
using WaQup.Grains.Marketplace;

namespace WaQup.Tests.Marketplace;

/// <summary>The marketplace's tables, failing the first recording of a purchase of the packs a test names: a crash in the middle of a purchase.</summary>
public sealed class FaultyMarketplaceRecords(IMarketplaceRecords real) : IMarketplaceRecords
{
    private static readonly ConcurrentDictionary<string, bool> FailOnce = new(StringComparer.Ordinal);

    public static void FailFirstPurchaseOf(string packId) => FailOnce[packId] = true;

    public Task RecordPurchaseAsync(PurchaseRecord purchase, CancellationToken cancellationToken) =>
        FailOnce.TryRemove(purchase.PackId, out _)
            ? throw new IOException($"The test refused to record the purchase of {purchase.PackId}.")
            : real.RecordPurchaseAsync(purchase, cancellationToken);

    public Task UpsertCreatorAsync(string userId, CreatorProfile profile, DateTimeOffset createdAt, DateTimeOffset updatedAt, CancellationToken cancellationToken) =>
        real.UpsertCreatorAsync(userId, profile, createdAt, updatedAt, cancellationToken);

    public Task<IReadOnlyList<CreatorDay>> ReadCreatorDaysAsync(string creatorId, DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
        real.ReadCreatorDaysAsync(creatorId, from, to, cancellationToken);

    public Task UpsertPackAsync(string packId, PackState pack, CancellationToken cancellationToken) =>
        real.UpsertPackAsync(packId, pack, cancellationToken);

    public Task<PackStanding> ReadStandingAsync(string packId, string userId, CancellationToken cancellationToken) =>
        real.ReadStandingAsync(packId, userId, cancellationToken);

    public Task<bool> OwnsAsync(string packId, string userId, CancellationToken cancellationToken) =>
        real.OwnsAsync(packId, userId, cancellationToken);

    public Task<(double? Rating, long Count)> RateAsync(string packId, string userId, int stars, DateTimeOffset at, CancellationToken cancellationToken) =>
        real.RateAsync(packId, userId, stars, at, cancellationToken);
}
