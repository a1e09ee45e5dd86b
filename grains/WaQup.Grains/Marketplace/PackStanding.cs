namespace WaQup.Grains.Marketplace;

/// <summary>A pack's counters as its row holds them, and whether one caller owns it.</summary>
public sealed record PackStanding(double? Rating, long RatingCount, long Plays, long Purchases, bool Owned)
{
    public static readonly PackStanding None = new(null, 0, 0, 0, false);
}
