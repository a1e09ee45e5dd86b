using System.Text.Json.Serialization;

namespace WaQup.Abstractions.Rest;

/// <summary>What some provider calls consumed, in the units providers bill by.</summary>
public sealed record CostUsageBody(
    [property: JsonPropertyName("calls")] long Calls,
    [property: JsonPropertyName("input_tokens")] long InputTokens,
    [property: JsonPropertyName("output_tokens")] long OutputTokens,
    [property: JsonPropertyName("characters")] long Characters,
    [property: JsonPropertyName("audio_seconds")] double AudioSeconds);
