using System.Text.Json.Serialization;

namespace WaQup.Abstractions.Rest;

/// <summary><c>GET /v1/me/creator/analytics</c>: every day of the range, oldest first, zeros included.</summary>
public sealed record AnalyticsBody([property: JsonPropertyName("days")] IReadOnlyList<AnalyticsDayBody> Days);
