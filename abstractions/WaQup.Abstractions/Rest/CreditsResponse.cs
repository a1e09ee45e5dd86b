using System.Text.Json.Serialization;

namespace WaQup.Abstractions.Rest;

/// <summary>The answer of <c>GET /v1/me/credits</c>: one page of the ledger, oldest first, and the cursor of the page before it.</summary>
public sealed record CreditsResponse(
    [property: JsonPropertyName("balance")] int Balance,
    [property: JsonPropertyName("reserved")] int Reserved,
    [property: JsonPropertyName("ledger")] IReadOnlyList<LedgerEntryBody> Ledger,
    [property: JsonPropertyName("next_before")] string? NextBefore);
