using System.Numerics;
using WaQup.Abstractions.Grains;
using WaQup.Abstractions.Protocol;

namespace WaQup.Grains.Sessions;

/// <summary>
/// What a session has said, in order, kept until acknowledged: the replay buffer of PROTOCOL.md.
/// Lives in one grain activation, so it needs no locks.
/// </summary>
/// <remarks>
/// With a <see cref="FramePool"/>, frames a cancel dropped before anyone fetched them go back to the pool, and so do
/// acknowledged frames that only the current connection was given. Frames an earlier connection fetched may still
/// be on their way out of its socket, and frames trimmed for space may be on their way to a slow client: those are
/// left to the GC, so a reused buffer can never reach another listener.
/// </remarks>
public sealed class Outbox(int replayFrames, FramePool? pool = null)
{
    private const int MaxEvents = 1024;

    // The entries in index order, in a ring that doubles when full: no allocation per entry beyond the item itself,
    // and an acknowledgement walks adjacent memory.
    private const int MinRing = 16;
    private Entry[] _ring = [];
    private int _head;
    private int _count;
    private TaskCompletionSource _news = NewSignal();
    private bool _watched;
    private long _recycleFrom = 1;
    private long _nextIndex = 1;
    private int _audioFrames;

    /// <summary>The highest index handed to any connection.</summary>
    public long DeliveredIndex { get; private set; }

    public long LastIndex => _nextIndex - 1;

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

    /// <summary>Up to <paramref name="max"/> items after <paramref name="afterIndex"/>.</summary>
    /// <remarks>A poll that finds nothing allocates nothing: most polls of a quiet session do.</remarks>
    public IReadOnlyList<OutboxItem> Read(long afterIndex, int max)
    {
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

    /// <summary>The client has every frame up to <paramref name="seq"/>: forget them and what came before them.</summary>
    public void Ack(uint seq)
    {
        // Frames are in sequence order, so what is acknowledged is a prefix: find its end from the front, where the
        // search costs no more than what it removes (plus the events after the last acknowledged frame).
        var acknowledged = 0;
        for (var i = 0; i < _count; i++)
        {
            ref var entry = ref At(i);
            if (entry.Item.Audio is not null)
            {
                if (entry.Item.Seq > seq)
                {
                    break;
                }

                acknowledged = i + 1;
            }
        }

        while (acknowledged-- > 0)
        {
            RemoveFirst(recycle: At(0).Item.Index >= _recycleFrom);
        }

        ShrinkIfSparse();
    }

    /// <summary>
    /// What a client resuming after <paramref name="lastAudioSeq"/> has not had: every retained frame after it,
    /// and the events that no connection has fetched yet.
    /// </summary>
    public List<OutboxItem> ReplayAfter(uint lastAudioSeq)
    {
        var replay = new List<OutboxItem>();
        for (var i = 0; i < _count; i++)
        {
            var item = At(i).Item;
            var wanted = item.Audio is not null ? item.Seq > lastAudioSeq : item.Index > DeliveredIndex;
            if (wanted)
            {
                replay.Add(item);
            }
        }

        DeliveredIndex = LastIndex;
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
        var end = _count;
        for (var i = kept; i < end; i++)
        {
            var entry = At(i);
            if (entry.ResponseId == responseId && entry.Item.Audio is { } frame)
            {
                lowest ??= entry.Item.Seq;
                _audioFrames--;
                pool?.Return(frame);
                continue;
            }

            At(kept++) = entry;
        }

        for (var i = kept; i < end; i++)
        {
            At(i) = default;
        }

        _count = kept;
        ShrinkIfSparse();
        return lowest;
    }

    private void Add(OutboxItem item, string? responseId)
    {
        if (_count == _ring.Length)
        {
            Resize(Math.Max(MinRing, _ring.Length * 2));
        }

        At(_count++) = new Entry(item, responseId);
        // Events are small, but a session that never acknowledges must not grow without bound either.
        while (_count > replayFrames + MaxEvents)
        {
            RemoveFirst(recycle: false);
        }

        Wake();
    }

    /// <summary>The position of the first entry after <paramref name="afterIndex"/> (indexes ascend, with gaps after a cancel).</summary>
    private int FirstAfter(long afterIndex)
    {
        int low = 0, high = _count;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (At(middle).Item.Index <= afterIndex)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    private void RemoveFirst(bool recycle)
    {
        ref var first = ref At(0);
        if (first.Item.Audio is { } frame)
        {
            _audioFrames--;
            if (recycle)
            {
                pool?.Return(frame);
            }
        }

        first = default;
        _head = (_head + 1) & (_ring.Length - 1);
        _count--;
    }

    private ref Entry At(int position) => ref _ring[(_head + position) & (_ring.Length - 1)];

    /// <summary>
    /// Gives back what a long stream needed once it has been acknowledged: a quiet session keeps a small ring,
    /// as ten thousand idle sessions in one process must.
    /// </summary>
    private void ShrinkIfSparse()
    {
        if (_count == 0)
        {
            _ring = [];
            _head = 0;
        }
        else if (_ring.Length > MinRing && _count <= _ring.Length / 4)
        {
            Resize(Math.Max(MinRing, (int)BitOperations.RoundUpToPowerOf2((uint)(_count * 2))));
        }
    }

    private void Resize(int length)
    {
        var ring = new Entry[length];
        for (var i = 0; i < _count; i++)
        {
            ring[i] = At(i);
        }

        _ring = ring;
        _head = 0;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly record struct Entry(OutboxItem Item, string? ResponseId);
}
