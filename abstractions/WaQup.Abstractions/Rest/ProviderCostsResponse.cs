using System.Text.Json.Serialization;

namespace WaQup.Abstractions.Rest;

/// <summary>
/// The answer of <c>GET /v1/ops/costs</c>: each provider's calls in [<c>from</c>, <c>to</c>), their estimated cost,
/// and that cost per minute of ritual audio saved in the same window.
/// </summary>
public sealed record ProviderCostsResponse(
    [property: JsonPropertyName("from")] DateTimeOffset From,
    [property: JsonPropertyName("to")] DateTimeOffset To,
    [property: JsonPropertyName("rituals")] long Rituals,
    [property: JsonPropertyName("ritual_minutes")] double RitualMinutes,
    [property: JsonPropertyName("providers")] IReadOnlyList<ProviderCostBody> Providers);
