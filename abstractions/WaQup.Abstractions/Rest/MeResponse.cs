using System.Text.Json.Serialization;
using WaQup.Abstractions.Protocol;

namespace WaQup.Abstractions.Rest;

/// <summary>The caller as <c>GET /v1/me</c> shows them: name, preferences, credits and listening.</summary>
public sealed record MeResponse(
    [property: JsonPropertyName("user_id")] string UserId,
    [property: JsonPropertyName("display_name")] string DisplayName,
    [property: JsonPropertyName("preferences")] PreferencesView Preferences,
    [property: JsonPropertyName("credits")] CreditsView Credits,
    [property: JsonPropertyName("listening")] ListeningBody Listening);
