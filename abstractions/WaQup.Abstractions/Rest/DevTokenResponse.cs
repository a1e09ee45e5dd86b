using System.Text.Json.Serialization;

namespace WaQup.Abstractions.Rest;

/// <summary>A development bearer token and how many seconds it stays valid.</summary>
public sealed record DevTokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] int ExpiresIn);
