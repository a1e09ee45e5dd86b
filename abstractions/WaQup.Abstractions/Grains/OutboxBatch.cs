using WaQup.Abstractions.Protocol;

namespace WaQup.Abstractions.Grains;

/// <summary>What followed a poll cursor; <see cref="Close"/> set means the connection must close after sending it.</summary>
[GenerateSerializer, Immutable, Alias("waqup.OutboxBatch")]
public sealed record OutboxBatch(IReadOnlyList<OutboxItem> Items, ErrorEvent? Close, bool Ended)
{
    public static OutboxBatch Empty { get; } = new([], null, false);
}
