using System.Text.Json.Serialization;

namespace WaQup.Abstractions.Rest;

/// <summary>The calls of one provider, model and operation that served a ritual, and their estimated cost.</summary>
public sealed record RitualCostLineBody(
    [property: JsonPropertyName("provider")] string Provider,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("operation")] string Operation,
    [property: JsonPropertyName("usage")] CostUsageBody Usage,
    [property: JsonPropertyName("cost")] decimal Cost,
    [property: JsonPropertyName("currency")] string Currency);
