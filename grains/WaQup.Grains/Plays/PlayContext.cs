namespace WaQup.Grains.Plays;

/// <summary>
/// A ritual as a listener would play it: whether it exists and they may play it, how long it lasts, and the pack they
/// play it through (with its creator), if any.
/// </summary>
public sealed record PlayContext(bool Found, bool Allowed, long DurationMs, string? PackId, string? PackTitle, string? CreatorId, string? CreatorUserId)
{
    public static readonly PlayContext Missing = new(false, false, 0, null, null, null, null);
}
