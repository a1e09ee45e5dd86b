using System.Text.Json.Serialization;

namespace WaQup.Abstractions.Rest;

/// <summary>
/// <c>GET /v1/me/creator/rewards</c>: the caller's <c>reward</c> entries, newest first, and <c>balance</c>, the sum of
/// every reward they have earned (spent or not: their credits' balance is <c>GET /v1/me/credits</c>).
/// </summary>
public sealed record RewardsBody(
    [property: JsonPropertyName("balance")] long Balance,
    [property: JsonPropertyName("ledger")] IReadOnlyList<LedgerEntryBody> Ledger);
