namespace WaQup.Grains.Costs;

/// <summary>
/// One provider call's row in <c>waqup_provider_costs</c>: its inputs, its cost estimated from the price table when it
/// was made, and whom it served. <see cref="Id"/> is given once, when the call is recorded, so writing the row again
/// (a retried batch) changes nothing.
/// </summary>
public sealed record CostRecord(
    Guid Id,
    DateTimeOffset At,
    string Provider,
    string Model,
    string Operation,
    long InputTokens,
    long OutputTokens,
    long Characters,
    double AudioSeconds,
    decimal Cost,
    string Currency,
    string? UserId,
    string? SessionId,
    string? RitualId);
