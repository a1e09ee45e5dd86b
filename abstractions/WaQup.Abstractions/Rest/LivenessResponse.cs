using System.Text.Json.Serialization;

namespace WaQup.Abstractions.Rest;

/// <summary>The answer of <c>GET /healthz</c> while the process runs: <c>status</c> is <c>alive</c>.</summary>
public sealed record LivenessResponse([property: JsonPropertyName("status")] string Status)
{
    public static LivenessResponse Alive { get; } = new("alive");
}
