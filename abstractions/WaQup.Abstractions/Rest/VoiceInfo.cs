using System.Text.Json.Serialization;

namespace WaQup.Abstractions.Rest;

/// <summary>One voice the node can speak with (<c>GET /v1/voices</c>); <c>id</c> is what the <c>voice</c> preference takes.</summary>
public sealed record VoiceInfo(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("default")] bool Default);
