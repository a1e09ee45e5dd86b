using System.Numerics;
using WaQup.Abstractions.Grains;
using WaQup.Abstractions.Protocol;

namespace WaQup.Grains.Sessions;

/// <summary>
/// What a session has said, in order, kept until acknowledged: the replay buffer of PROTOCOL.md.
/// Lives in one grain activation, so it needs no locks.
/// </summary>
/// <remarks>
/// <para>
/// With a <see cref="FramePool"/>, the outbox owns every frame appended to it and lends it, read-only, to the
/// connection that fetches it (the <c>[Immutable]</c> item carries the array itself to a socket in this process). A
/// frame goes back to the pool only when no socket can still read it:
/// </para>
/// <list type="bullet">
/// <item>never lent: a cancel dropped it before any connection fetched it, or the client acknowledged it first;</item>
/// <item>acknowledged, lent to the current connection only, and polled past by it: a <see cref="Read"/> after
/// <c>afterIndex</c> is that connection's word that its socket has written everything up to it. An acknowledgement
/// alone is not enough (a client may claim frames still being written): such frames are held, acknowledged but not
/// returned, until the next poll passes them.</item>
/// </list>
/// <para>
/// Frames an earlier connection fetched may still be on their way out of its socket (after a resume), frames trimmed
/// for space may be on their way to a slow client, and frames lent to a connection that reported itself gone are
/// not known to be done with: those are left to the GC, so a reused buffer can never reach another listener.
/// </para>
/// </remarks>
public sealed partial class Outbox(int replayFrames, FramePool? pool = null)
{
    private const int MaxEvents = 1024;
    private const int MinCapacity = 8;

    /// <summary>
    /// A ring of entries in index order. What a walk over the buffer needs (index, sequence number, frame) sits in
    /// the slot itself, so acknowledging a run of frames reads one array rather than three objects per frame.
    /// </summary>
    private OutboxSlot[] _slots = new OutboxSlot[MinCapacity];
    private int _head;
    private int _count;
    private TaskCompletionSource _news = NewSignal();
    private bool _watched;
    private long _recycleFrom = 1;
    private long _nextIndex = 1;
    private int _audioFrames;

    /// <summary>The highest index ever lent to a connection; unlike <see cref="DeliveredIndex"/>, never lowered.</summary>
    private long _lentThrough;

    /// <summary>The highest cursor a poll has read after: its connection's socket has written everything up to it.</summary>
    private long _releasedThrough;

    /// <summary>
    /// Acknowledged entries whose frames the current connection's socket may still be writing: no longer part of the
    /// buffer, their slots stay at the front of the ring, before <see cref="At"/>'s first, until a poll passes them.
    /// </summary>
    private int _held;

    /// <summary>The highest index handed to any connection.</summary>
    public long DeliveredIndex { get; private set; }

    public long LastIndex => _nextIndex - 1;

    /// <summary>Entries in the buffer (frames and events), not counting the <see cref="Held"/> ones.</summary>
    public int Count => _count;

    /// <summary>Acknowledged frames (and the events among them) not yet given back because a socket may still be writing them.</summary>
    public int Held => _held;

    /// <summary>Entries the buffer can hold before it grows.</summary>
    public int Capacity => _slots.Length;

    public void Append(ServerEvent evt) => Add(new OutboxItem(_nextIndex++, evt, 0, null), responseId: null);

    public void AppendAudio(uint seq, byte[] frame, string responseId)
    {
        Add(new OutboxItem(_nextIndex++, null, seq, frame), responseId);
        _audioFrames++;
        while (_audioFrames > replayFrames && _count > 0)
        {
            RemoveFirst(recycle: false);
        }
    }

    /// <summary>
    /// Up to <paramref name="max"/> items after <paramref name="afterIndex"/>, lent to the caller's socket. Reading
    /// after a cursor also says the reader has finished with everything up to it: call it for a connection's polls only.
    /// </summary>
    /// <remarks>A poll that finds nothing allocates nothing: most polls of a quiet session do.</remarks>
    public IReadOnlyList<OutboxItem> Read(long afterIndex, int max)
    {
        if (afterIndex > _releasedThrough)
        {
            _releasedThrough = afterIndex;
            ReleaseHeld();
        }

        var first = FirstAfter(afterIndex);
        var take = Math.Min(max, _count - first);
        if (take <= 0)
        {
            return [];
        }

        var items = new OutboxItem[take];
        for (var i = 0; i < take; i++)
        {
            items[i] = At(first + i).Item;
        }

        DeliveredIndex = Math.Max(DeliveredIndex, items[^1].Index);
        _lentThrough = Math.Max(_lentThrough, items[^1].Index);
        return items;
    }

    /// <summary>Completes when something is appended, or when <see cref="Wake"/> is called.</summary>
    public Task WhenNews
    {
        get
        {
            _watched = true;
            return _news.Task;
        }
    }

    public void Wake()
    {
        // Appends come once per audio frame; a new signal is only needed when a poll is actually waiting.
        if (!_watched)
        {
            return;
        }

        _watched = false;
        var signal = _news;
        _news = NewSignal();
        signal.TrySetResult();
    }

    /// <summary>
    /// The client has every frame up to <paramref name="seq"/>: forget them and what came before them. A frame the
    /// current connection's socket may still be writing is held until that connection's next poll passes it.
    /// </summary>
    public void Ack(uint seq)
    {
        // Frames are in sequence order, so what is acknowledged is a prefix: find its end from the front, where the
        // search costs no more than what it removes (plus the events after the last acknowledged frame).
        var through = -1;
        for (var i = 0; i < _count; i++)
        {
            ref readonly var slot = ref At(i);
            if (slot.Frame is not null)
            {
                if (slot.Seq > seq)
                {
                    break;
                }

                through = i;
            }
        }

        for (; through >= 0; through--)
        {
            if (_held > 0 || StillLent(At(0)))
            {
                // Out of the buffer, but its slot (and its frame) stays at the front of the ring until released.
                if (At(0).Frame is not null)
                {
                    _audioFrames--;
                }

                _held++;
                _count--;
                continue;
            }

            RemoveFirst(recycle: _slots[_head].Index >= _recycleFrom);
        }

        ReleaseHeld();
    }

    /// <summary>
    /// What a client resuming after <paramref name="lastAudioSeq"/> has not had: every retained frame after it,
    /// and the events that no connection has fetched yet.
    /// </summary>
    public List<OutboxItem> ReplayAfter(uint lastAudioSeq)
    {
        // Acknowledged frames the connection being replaced had not polled past may still be in its socket's hands.
        DropHeld();
        var replay = new List<OutboxItem>();
        for (var i = 0; i < _count; i++)
        {
            ref readonly var slot = ref At(i);
            var wanted = slot.Frame is not null ? slot.Seq > lastAudioSeq : slot.Index > DeliveredIndex;
            if (wanted)
            {
                replay.Add(slot.Item);
            }
        }

        DeliveredIndex = LastIndex;
        _lentThrough = LastIndex;
        // Everything up to here may have been fetched by the connection being replaced.
        _recycleFrom = _nextIndex;
        return replay;
    }

    /// <summary>
    /// Removes the frames of <paramref name="responseId"/> that no connection has fetched, so a cancel stops
    /// audio at once; returns the lowest removed sequence number, whose numbers may then be used again
    /// because no client ever saw them.
    /// </summary>
    public uint? DropUndeliveredAudio(string responseId)
    {
        uint? lowest = null;
        var kept = FirstAfter(DeliveredIndex);
        for (var i = kept; i < _count; i++)
        {
            var slot = At(i);
            if (slot.Frame is { } frame && slot.ResponseId == responseId)
            {
                lowest ??= slot.Seq;
                _audioFrames--;
                // Undelivered again after its connection ended (Undeliver) is not the same as never lent.
                if (slot.Index > _lentThrough)
                {
                    pool?.Return(frame);
                }

                continue;
            }

            At(kept++) = slot;
        }

        for (var i = kept; i < _count; i++)
        {
            At(i) = default;
        }

        _count = kept;
        return lowest;
    }

    /// <summary>
    /// Entries after <paramref name="lastSentIndex"/> were fetched by a connection that ended before sending them:
    /// they count as undelivered again, so the next resume sends the events among them.
    /// </summary>
    public void Undeliver(long lastSentIndex) => DeliveredIndex = Math.Min(DeliveredIndex, lastSentIndex);

    /// <summary>
    /// Gives back the room a burst of audio needed once the session is quiet (called after a poll that waited its
    /// whole timeout), so an idle session holds a small buffer.
    /// </summary>
    public void TrimExcess()
    {
        var capacity = Math.Max(MinCapacity, (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, _held + _count)));
        if (capacity < _slots.Length)
        {
            Resize(capacity);
        }
    }

    private void Add(OutboxItem item, string? responseId)
    {
        if (_held + _count == _slots.Length)
        {
            Resize(_slots.Length * 2);
        }

        At(_count++) = new OutboxSlot(item, responseId);
        // Events are small, but a session that never acknowledges must not grow without bound either.
        while (_count > replayFrames + MaxEvents)
        {
            RemoveFirst(recycle: false);
        }

        Wake();
    }

    /// <summary>The position of the first entry after <paramref name="afterIndex"/> (or <see cref="Count"/>): indices only rise.</summary>
    private int FirstAfter(long afterIndex)
    {
        int low = 0, high = _count;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (At(middle).Index > afterIndex)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return low;
    }

    /// <summary>The entry at <paramref name="position"/> in the buffer, behind the held ones.</summary>
    private ref OutboxSlot At(int position) => ref _slots[(_head + _held + position) & (_slots.Length - 1)];

    /// <summary>Whether an acknowledged entry is a pooled frame that the current connection may still be writing.</summary>
    private bool StillLent(in OutboxSlot slot) =>
        pool is not null && slot.Frame is not null && slot.Index >= _recycleFrom && slot.Index > _releasedThrough && slot.Index <= _lentThrough;

    /// <summary>Gives back the held entries a poll has passed (and unlent ones behind them), in order.</summary>
    private void ReleaseHeld()
    {
        while (_held > 0)
        {
            ref var slot = ref _slots[_head];
            if (slot.Index > _releasedThrough && slot.Index <= _lentThrough)
            {
                return;
            }

            if (slot.Frame is { } frame && slot.Index >= _recycleFrom)
            {
                pool?.Return(frame);
            }

            PopHeld();
        }
    }

    /// <summary>Lets the held entries go to the GC: whoever was lent them is not known to be done.</summary>
    private void DropHeld()
    {
        while (_held > 0)
        {
            PopHeld();
        }
    }

    private void PopHeld()
    {
        _slots[_head] = default;
        _head = (_head + 1) & (_slots.Length - 1);
        _held--;
    }

    private void RemoveFirst(bool recycle)
    {
        // Only the front of the ring can go; space is rarely short while frames are held, and then they go to the GC.
        DropHeld();
        ref var slot = ref _slots[_head];
        if (slot.Frame is { } frame)
        {
            _audioFrames--;
            if (recycle)
            {
                pool?.Return(frame);
            }
        }

        slot = default;
        _head = (_head + 1) & (_slots.Length - 1);
        _count--;
    }

    private void Resize(int capacity)
    {
        var slots = new OutboxSlot[capacity];
        for (var i = 0; i < _held + _count; i++)
        {
            slots[i] = _slots[(_head + i) & (_slots.Length - 1)];
        }

        _slots = slots;
        _head = 0;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
