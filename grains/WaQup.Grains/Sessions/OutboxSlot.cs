using WaQup.Abstractions.Grains;

namespace WaQup.Grains.Sessions;

/// <summary>One entry; the item's index, sequence number and frame are copied in, for walks that touch only the array.</summary>
internal readonly struct OutboxSlot(OutboxItem item, string? responseId)
{
    public OutboxItem Item { get; } = item;

    public string? ResponseId { get; } = responseId;

    public long Index { get; } = item.Index;

    public byte[]? Frame { get; } = item.Audio;

    public uint Seq { get; } = item.Seq;
}
