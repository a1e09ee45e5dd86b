using System.Text.Json.Serialization;

namespace WaQup.Abstractions.Rest;

/// <summary>The answer of <c>GET /readyz</c> once the cluster and the database answer: <c>status</c> is <c>ready</c>.</summary>
public sealed record ReadinessResponse(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("silos")] int Silos)
{
    public static ReadinessResponse Ready(int silos) => new("ready", silos);
}
