using System.Text.Json.Serialization;

namespace WaQup.Abstractions.Rest;

/// <summary>A ritual's estimated cost in one currency, and per minute of its audio (null when it has no saved audio).</summary>
public sealed record CostTotalBody(
    [property: JsonPropertyName("currency")] string Currency,
    [property: JsonPropertyName("cost")] decimal Cost,
    [property: JsonPropertyName("cost_per_minute")] decimal? CostPerMinute);
