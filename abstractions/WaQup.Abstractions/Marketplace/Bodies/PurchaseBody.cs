using System.Text.Json.Serialization;

namespace WaQup.Abstractions.Rest;

/// <summary><c>POST /v1/packs/{id}/purchase</c>: what this purchase charged (0 when the pack was owned already, or free).</summary>
public sealed record PurchaseBody(
    [property: JsonPropertyName("pack_id")] string PackId,
    [property: JsonPropertyName("credits_charged")] int CreditsCharged);
