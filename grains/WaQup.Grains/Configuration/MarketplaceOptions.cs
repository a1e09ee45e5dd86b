namespace WaQup.Grains.Configuration;

/// <summary>The marketplace's rates (section <c>Marketplace</c>), documented in docs/marketplace.md.</summary>
public sealed class MarketplaceOptions
{
    /// <summary>The creator's share of each purchase of their pack, from 0 to 1: the reward is the price times this, rounded down.</summary>
    public double CreatorShare { get; set; } = 0.7;

    /// <summary>The creator's reward for a purchase at <paramref name="price"/> credits.</summary>
    /// <remarks>The silo refuses to start with a share outside 0 to 1 (SiloSetup validates it).</remarks>
    public int ShareOf(int price) =>
        // In decimal: 90 × 0.7 in doubles is 62.999…, which would round down to 62.
        (int)Math.Floor(price * (decimal)CreatorShare);
}
