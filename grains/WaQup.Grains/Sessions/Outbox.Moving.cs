using WaQup.Abstractions.Grains;

namespace WaQup.Grains.Sessions;

/// <summary>Taking the outbox along when its session moves to another silo.</summary>
public sealed partial class Outbox
{
    /// <summary>
    /// Everything held, with copies of the frames (the originals may go back to the pool), for the session to take to
    /// another silo: indexes are kept, so a connection's cursor stays good there.
    /// </summary>
    public OutboxSnapshot Snapshot()
    {
        var items = new OutboxItem[_count];
        var responses = new string?[_count];
        for (var i = 0; i < _count; i++)
        {
            ref readonly var slot = ref At(i);
            items[i] = slot.Frame is { } frame ? slot.Item with { Audio = frame.AsSpan().ToArray() } : slot.Item;
            responses[i] = slot.ResponseId;
        }

        return new OutboxSnapshot(items, responses, _nextIndex, DeliveredIndex);
    }

    /// <summary>An outbox holding what <paramref name="snapshot"/> held, as it was.</summary>
    public static Outbox Restore(OutboxSnapshot snapshot, int replayFrames, FramePool? pool = null)
    {
        var outbox = new Outbox(replayFrames, pool);
        for (var i = 0; i < snapshot.Items.Length; i++)
        {
            var item = snapshot.Items[i];
            outbox.Add(item, snapshot.ResponseIds[i]);
            if (item.Audio is not null)
            {
                outbox._audioFrames++;
            }
        }

        outbox._nextIndex = snapshot.NextIndex;
        outbox.DeliveredIndex = snapshot.DeliveredIndex;
        outbox._lentThrough = snapshot.DeliveredIndex;
        // The restored frames were never rented here: none of them goes to this silo's pool.
        outbox._recycleFrom = snapshot.NextIndex;
        return outbox;
    }
}
