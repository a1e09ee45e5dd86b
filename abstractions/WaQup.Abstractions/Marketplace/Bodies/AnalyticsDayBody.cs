using System.Text.Json.Serialization;

namespace WaQup.Abstractions.Rest;

/// <summary>One UTC day of a creator's analytics; <c>date</c> is <c>yyyy-MM-dd</c>.</summary>
public sealed record AnalyticsDayBody(
    [property: JsonPropertyName("date")] string Date,
    [property: JsonPropertyName("plays")] long Plays,
    [property: JsonPropertyName("completions")] long Completions,
    [property: JsonPropertyName("purchases")] long Purchases,
    [property: JsonPropertyName("credits_earned")] long CreditsEarned);
