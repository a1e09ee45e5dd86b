using System.Text.Json.Serialization;

namespace WaQup.Abstractions.Rest;

/// <summary>One ledger entry as REST shows it; <c>amount</c> is what it added to (or took from) the balance.</summary>
public sealed record LedgerEntryBody(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("amount")] int Amount,
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("reason")] string Reason);
