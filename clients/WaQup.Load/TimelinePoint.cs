namespace WaQup.Load;

/// <summary>The run as it stood at one second: what a report plots over time.</summary>
public sealed record TimelinePoint(double AtS, int ActiveSessions, long Turns, double TurnP50Ms, double TurnP99Ms, long Errors, long FailedSessions);
