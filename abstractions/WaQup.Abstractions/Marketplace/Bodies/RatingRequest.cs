using System.Text.Json.Serialization;

namespace WaQup.Abstractions.Rest;

/// <summary><c>POST /v1/packs/{id}/rating</c>: 1 to 5 stars.</summary>
public sealed record RatingRequest([property: JsonPropertyName("stars")] int Stars);
