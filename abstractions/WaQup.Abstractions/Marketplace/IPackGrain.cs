namespace WaQup.Abstractions.Marketplace;

/// <summary>
/// One pack of a creator's rituals: draft, published or unpublished. It keeps its catalog rows (waqup_packs,
/// waqup_pack_rituals) up to date on every change. A draft is seen by its creator only; an unpublished pack by its
/// creator and owners.
/// </summary>
public interface IPackGrain : IGrainWithStringKey
{
    /// <summary>Creates the pack as a draft; asked again by its creator (an idempotent retry), answers the pack as it is.</summary>
    Task<PackOutcome> CreateAsync(string callerId, PackDraft draft);

    Task<PackOutcome> GetAsync(string callerId);

    Task<PackOutcome> UpdateAsync(string callerId, PackPatch patch);

    /// <summary>Publishes the pack; publishing a published pack changes nothing.</summary>
    Task<PackOutcome> PublishAsync(string callerId);

    Task<PackOutcome> UnpublishAsync(string callerId);

    /// <summary>The pack's price and creator while it is published; null otherwise (not for sale).</summary>
    Task<PackSale?> GetSaleAsync();

    /// <summary>Rates the pack 1 to 5 for an owner (not its creator); the caller's last rating stands.</summary>
    Task<RatingOutcome> RateAsync(string callerId, int stars);
}
