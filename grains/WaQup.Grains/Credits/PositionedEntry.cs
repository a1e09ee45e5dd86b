using WaQup.Abstractions.Grains;

namespace WaQup.Grains.Credits;

/// <summary>A ledger entry and its position in its user's ledger: 1 for the first, in the order they were applied.</summary>
public sealed record PositionedEntry(long Position, LedgerEntry Entry);
