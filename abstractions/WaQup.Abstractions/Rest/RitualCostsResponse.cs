using System.Text.Json.Serialization;

namespace WaQup.Abstractions.Rest;

/// <summary>
/// The answer of <c>GET /v1/ops/costs/rituals/{ritual_id}</c>: every provider call that served the ritual, by provider,
/// model and operation, and the totals by currency. <c>duration_ms</c> is null for a ritual never saved (failed,
/// cancelled) or deleted since.
/// </summary>
public sealed record RitualCostsResponse(
    [property: JsonPropertyName("ritual_id")] string RitualId,
    [property: JsonPropertyName("duration_ms")] long? DurationMs,
    [property: JsonPropertyName("calls")] IReadOnlyList<RitualCostLineBody> Calls,
    [property: JsonPropertyName("totals")] IReadOnlyList<CostTotalBody> Totals);
