namespace WaQup.Grains.Marketplace;

/// <summary>
/// A pack's counters as its row holds them, whether one caller owns it, and which of its rituals were deleted since
/// they were put in it (a pack page does not list what can no longer be played).
/// </summary>
public sealed record PackStanding(double? Rating, long RatingCount, long Plays, long Purchases, bool Owned, IReadOnlySet<string> Deleted)
{
    public static readonly PackStanding None = new(null, 0, 0, 0, false, new HashSet<string>());
}
