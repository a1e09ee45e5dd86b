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
    private readonly LinkedList<Entry> _entries = new();
    private TaskCompletionSource _news = NewSignal();
    private bool _watched;
    private LinkedListNode<Entry>? _readCursor;
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
        while (_audioFrames > replayFrames && _entries.First is { } oldest)
        {
            RemoveEntry(oldest);
        }
    }

    /// <summary>Up to <paramref name="max"/> items after <paramref name="afterIndex"/>.</summary>
    /// <remarks>A poll that finds nothing allocates nothing: most polls of a quiet session do.</remarks>
    public IReadOnlyList<OutboxItem> Read(long afterIndex, int max)
    {
        List<OutboxItem>? items = null;
        for (var node = FirstAfter(afterIndex); node is not null && (items?.Count ?? 0) < max; node = node.Next)
        {
            (items ??= new List<OutboxItem>(Math.Min(max, 16))).Add(node.Value.Item);
            _readCursor = node;
        }

        if (items is null)
        {
            return [];
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
        LinkedListNode<Entry>? lastAcked = null;
        for (var node = _entries.First; node is not null; node = node.Next)
        {
            if (node.Value.Item.Audio is not null)
            {
                if (node.Value.Item.Seq > seq)
                {
                    break;
                }

                lastAcked = node;
            }
        }

        if (lastAcked is null)
        {
            return;
        }

        var through = lastAcked.Value.Item.Index;
        while (_entries.First is { } first && first.Value.Item.Index <= through)
        {
            RemoveEntry(first, recycle: first.Value.Item.Index >= _recycleFrom);
        }
    }

    /// <summary>
    /// What a client resuming after <paramref name="lastAudioSeq"/> has not had: every retained frame after it,
    /// and the events that no connection has fetched yet.
    /// </summary>
    public List<OutboxItem> ReplayAfter(uint lastAudioSeq)
    {
        var replay = new List<OutboxItem>();
        foreach (var entry in _entries)
        {
            var item = entry.Item;
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
        var node = _entries.Last;
        while (node is not null && node.Value.Item.Index > DeliveredIndex)
        {
            var previous = node.Previous;
            if (node.Value.ResponseId == responseId && node.Value.Item.Audio is not null)
            {
                lowest = node.Value.Item.Seq;
                RemoveEntry(node, recycle: true);
            }

            node = previous;
        }

        return lowest;
    }

    private void Add(OutboxItem item, string? responseId)
    {
        _entries.AddLast(new Entry(item, responseId));
        // Events are small, but a session that never acknowledges must not grow without bound either.
        while (_entries.Count > replayFrames + MaxEvents && _entries.First is { } oldest)
        {
            RemoveEntry(oldest);
        }

        Wake();
    }

    /// <summary>
    /// The first entry after <paramref name="afterIndex"/>. A connection reads on from where its last read ended, so
    /// that node is remembered; any other cursor (a resume, a trimmed node) is searched for from the end.
    /// </summary>
    private LinkedListNode<Entry>? FirstAfter(long afterIndex)
    {
        if (_readCursor is { List: not null } cursor && cursor.Value.Item.Index == afterIndex)
        {
            return cursor.Next;
        }

        LinkedListNode<Entry>? first = null;
        for (var node = _entries.Last; node is not null && node.Value.Item.Index > afterIndex; node = node.Previous)
        {
            first = node;
        }

        return first;
    }

    private void RemoveEntry(LinkedListNode<Entry> node, bool recycle = false)
    {
        if (node.Value.Item.Audio is { } frame)
        {
            _audioFrames--;
            if (recycle)
            {
                pool?.Return(frame);
            }
        }

        _entries.Remove(node);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed record Entry(OutboxItem Item, string? ResponseId);
}
