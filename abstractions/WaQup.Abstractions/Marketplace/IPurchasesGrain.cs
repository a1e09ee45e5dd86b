namespace WaQup.Abstractions.Marketplace;

/// <summary>
/// One listener's pack purchases, keyed by their user id: it moves the credits, rewards the creator and records the
/// ownership, each step once, finishing an interrupted purchase before anything else.
/// </summary>
public interface IPurchasesGrain : IGrainWithStringKey
{
    /// <summary>
    /// Buys the pack; the same <paramref name="idempotencyKey"/> for the same pack answers the first answer again, and a
    /// pack already owned (or the buyer's own) costs nothing.
    /// </summary>
    Task<PurchaseOutcome> PurchaseAsync(string packId, string idempotencyKey);
}
