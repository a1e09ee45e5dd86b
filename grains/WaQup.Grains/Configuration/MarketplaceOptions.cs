namespace WaQup.Grains.Configuration;

/// <summary>The marketplace's rates (section <c>Marketplace</c>), documented in docs/marketplace.md.</summary>
public sealed class MarketplaceOptions
{
    /// <summary>The creator's share of each purchase of their pack, from 0 to 1: the reward is the price times this, rounded down.</summary>
    public double CreatorShare { get; set; } = 0.7;

    /// <summary>The creator's reward for a purchase at <paramref name="price"/> credits.</summary>
    public int ShareOf(int price)
    {
        if (CreatorShare is < 0 or > 1 || double.IsNaN(CreatorShare))
        {
            throw new InvalidOperationException($"Marketplace:CreatorShare must be from 0 to 1; it is {CreatorShare}.");
        }

        // In decimal: 30 × 0.7 in doubles is 20.999…, which would round down to 20.
        return (int)Math.Floor(price * (decimal)CreatorShare);
    }
}
