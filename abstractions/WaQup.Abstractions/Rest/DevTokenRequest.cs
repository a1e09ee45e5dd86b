using System.Text.Json.Serialization;

namespace WaQup.Abstractions.Rest;

/// <summary>The body of <c>POST /v1/auth/dev-token</c>: the user a development token is minted for, and optionally the name its <c>name</c> claim carries.</summary>
public sealed record DevTokenRequest(
    [property: JsonPropertyName("user_id")] string UserId,
    [property: JsonPropertyName("name"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name = null);
