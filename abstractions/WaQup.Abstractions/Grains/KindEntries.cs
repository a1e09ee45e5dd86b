namespace WaQup.Abstractions.Grains;

/// <summary>The newest entries of one kind of a ledger, newest first, and <see cref="Total"/>: the sum of all of that kind.</summary>
[GenerateSerializer, Immutable, Alias("waqup.KindEntries")]
public sealed record KindEntries(long Total, IReadOnlyList<LedgerEntry> NewestFirst);
