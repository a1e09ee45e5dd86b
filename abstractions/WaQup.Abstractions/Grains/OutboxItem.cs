using WaQup.Abstractions.Protocol;

namespace WaQup.Abstractions.Grains;

/// <summary>One thing the session says: a JSON event, or an audio frame (<see cref="Audio"/> with its <see cref="Seq"/>).</summary>
[GenerateSerializer, Immutable, Alias("waqup.OutboxItem")]
public sealed record OutboxItem(long Index, ServerEvent? Event, uint Seq, byte[]? Audio);
