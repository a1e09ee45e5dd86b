using System.Text.Json.Serialization;

namespace WaQup.Abstractions.Rest;

/// <summary>
/// One provider's calls in a window (one line per currency the price table used). <c>cost_per_minute</c> is all of its
/// cost over the ritual minutes saved in the window, <c>ritual_cost_per_minute</c> the share of calls that served a
/// ritual; both null when no ritual audio was saved in the window.
/// </summary>
public sealed record ProviderCostBody(
    [property: JsonPropertyName("provider")] string Provider,
    [property: JsonPropertyName("currency")] string Currency,
    [property: JsonPropertyName("usage")] CostUsageBody Usage,
    [property: JsonPropertyName("cost")] decimal Cost,
    [property: JsonPropertyName("ritual_cost")] decimal RitualCost,
    [property: JsonPropertyName("cost_per_minute")] decimal? CostPerMinute,
    [property: JsonPropertyName("ritual_cost_per_minute")] decimal? RitualCostPerMinute);
