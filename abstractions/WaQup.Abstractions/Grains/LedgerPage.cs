namespace WaQup.Abstractions.Grains;

/// <summary>
/// Some of a ledger's entries, oldest first, with the balance and reserved amount at the time of reading.
/// <see cref="OlderBefore"/> is the position to ask for the entries before these, or null when there are none.
/// </summary>
[GenerateSerializer, Immutable, Alias("waqup.LedgerPage")]
public sealed record LedgerPage(int Balance, int Reserved, IReadOnlyList<LedgerEntry> Entries, long? OlderBefore);
