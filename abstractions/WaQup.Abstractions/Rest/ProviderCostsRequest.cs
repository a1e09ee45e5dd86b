namespace WaQup.Abstractions.Rest;

/// <summary>
/// The query of <c>GET /v1/ops/costs</c>, as sent: <c>from</c> and <c>to</c>, ISO 8601 times (UTC unless they say
/// otherwise), both optional; the window is the last 24 hours by default and at most 366 days.
/// </summary>
/// <remarks>Text, so that the endpoint answers a malformed value with problem details; named as on the wire.</remarks>
public sealed record ProviderCostsRequest(string? from, string? to);
