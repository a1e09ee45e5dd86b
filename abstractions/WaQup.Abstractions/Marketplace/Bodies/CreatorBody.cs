using System.Text.Json.Serialization;

namespace WaQup.Abstractions.Rest;

/// <summary>The caller as a creator (<c>PUT /v1/me/creator</c>): the public creator id, name and bio.</summary>
public sealed record CreatorBody(
    [property: JsonPropertyName("creator_id")] string CreatorId,
    [property: JsonPropertyName("display_name")] string DisplayName,
    [property: JsonPropertyName("bio")] string Bio);
