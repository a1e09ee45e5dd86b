using System.Text.Json.Serialization;

namespace WaQup.Abstractions.Rest;

/// <summary>The body of <c>PATCH /v1/me</c>: the name the assistant calls the person by (1 to 60 characters).</summary>
public sealed record UpdateMeRequest([property: JsonPropertyName("display_name")] string DisplayName);
