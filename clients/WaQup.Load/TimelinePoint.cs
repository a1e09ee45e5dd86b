namespace WaQup.Load;

/// <summary>The run as it stood at one second: what a report plots over time; the turn latencies are of that second's turns only.</summary>
public sealed record TimelinePoint(double AtS, int ActiveSessions, long Turns, double TurnP50Ms, double TurnP99Ms, double TurnMaxMs, long Errors, long FailedSessions);
