using WaQup.Abstractions.Grains;

namespace WaQup.Grains.Sessions;

/// <summary>What an outbox held, in order, with each entry's response: it moves with a session to another silo.</summary>
[GenerateSerializer, Alias("waqup.OutboxSnapshot")]
public sealed record OutboxSnapshot(OutboxItem[] Items, string?[] ResponseIds, long NextIndex, long DeliveredIndex);
