using System.Text.Json.Serialization;

namespace WaQup.Abstractions.Rest;

/// <summary><c>PUT /v1/me/creator</c>: the name (1 to 60 characters) and bio (at most 1000) shown on the creator's profile.</summary>
public sealed record CreatorRequest(
    [property: JsonPropertyName("display_name")] string DisplayName,
    [property: JsonPropertyName("bio")] string Bio);
