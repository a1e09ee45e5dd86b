using WaQup.Abstractions.Grains;

namespace WaQup.Abstractions.Marketplace;

/// <summary>A creator's reward entries, newest first, and <see cref="Balance"/>: the sum of all of them ever earned.</summary>
[GenerateSerializer, Immutable, Alias("waqup.CreatorRewards")]
public sealed record CreatorRewards(long Balance, IReadOnlyList<LedgerEntry> NewestFirst);
