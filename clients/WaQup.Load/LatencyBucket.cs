namespace WaQup.Load;

/// <summary>One bar of a latency histogram: how many values fell in (FromMs, ToMs].</summary>
public sealed record LatencyBucket(double FromMs, double ToMs, long Count);
