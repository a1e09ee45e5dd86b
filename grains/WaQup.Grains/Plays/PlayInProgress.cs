namespace WaQup.Grains.Plays;

/// <summary>
/// One play of a ritual under way. <see cref="ListenedMs"/> is how far it has moved forward in all since its start;
/// pack and creator are null for a listener's own ritual played outside any pack (it counts for them, earns nobody).
/// </summary>
[GenerateSerializer, Immutable, Alias("waqup.PlayInProgress")]
public sealed record PlayInProgress(
    string PlayId,
    string RitualId,
    long DurationMs,
    string? PackId,
    string? PackTitle,
    string? CreatorId,
    string? CreatorUserId,
    DateTimeOffset StartedAt,
    long StartPositionMs,
    long PositionMs,
    long ListenedMs,
    bool Counted,
    bool Completed);
