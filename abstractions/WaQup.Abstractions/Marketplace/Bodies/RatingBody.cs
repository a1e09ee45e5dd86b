using System.Text.Json.Serialization;

namespace WaQup.Abstractions.Rest;

/// <summary>A pack's rating after the caller's: the mean of every owner's last rating, and how many there are.</summary>
public sealed record RatingBody(
    [property: JsonPropertyName("pack_id")] string PackId,
    [property: JsonPropertyName("stars")] int Stars,
    [property: JsonPropertyName("rating")] double? Rating,
    [property: JsonPropertyName("rating_count")] long RatingCount);
