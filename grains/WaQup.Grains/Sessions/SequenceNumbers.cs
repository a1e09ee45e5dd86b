namespace WaQup.Grains.Sessions;

/// <summary>
/// Audio sequence numbers. A number is handed out only below a ceiling that has been written, so a session brought
/// back after a crash never repeats one; the ceiling is raised half a block ahead, behind the audio, so a reply waits
/// for that write only when it outruns it.
/// </summary>
/// <remarks>Used on the session's scheduler only.</remarks>
public sealed class SequenceNumbers
{
    private const uint Block = 4096;
    private readonly SessionRecord _record;
    private readonly RecordWriter _writer;
    private uint _next;
    private uint _durableCeiling;
    private Task? _ceilingWrite;

    /// <param name="arrivedNext">The next number an activation that moved here handed over, or 0.</param>
    public SequenceNumbers(SessionRecord record, RecordWriter writer, uint arrivedNext)
    {
        _record = record;
        _writer = writer;
        // Moved here, it goes on from where it was: every number below the persisted ceiling was reserved for it.
        _next = arrivedNext > 0 && arrivedNext <= record.SeqCeiling ? arrivedNext : record.SeqCeiling;
        _durableCeiling = record.SeqCeiling;
    }

    /// <summary>The number the next frame gets (handed over when the session moves).</summary>
    public uint Next => _next;

    /// <summary>The next number, once it is below a written ceiling.</summary>
    public async ValueTask<uint> TakeAsync()
    {
        RaiseCeilingAhead();
        while (_next >= _durableCeiling)
        {
            await (_ceilingWrite ?? StartCeilingWrite());
        }

        return _next++;
    }

    /// <summary>The next number if one is in hand without waiting for the ceiling's write.</summary>
    public bool TryTake(out uint seq)
    {
        RaiseCeilingAhead();
        if (_next >= _durableCeiling)
        {
            seq = 0;
            return false;
        }

        seq = _next++;
        return true;
    }

    /// <summary>Numbers from <paramref name="firstUnsent"/> on were never seen by a client, and are used again.</summary>
    public void GoBackTo(uint firstUnsent) => _next = firstUnsent;

    private void RaiseCeilingAhead()
    {
        if (_ceilingWrite is null && (_next + (Block / 2) >= _record.SeqCeiling || _next >= _durableCeiling))
        {
            _record.SeqCeiling = Math.Max(_record.SeqCeiling, _next + Block);
            // Not awaited here: a failure surfaces when the numbers run out, and in the next write's log.
            _ = StartCeilingWrite();
        }
    }

    /// <summary>One ceiling write at a time; a write that finished at once leaves none behind.</summary>
    private Task StartCeilingWrite()
    {
        var write = RaiseCeilingAsync(_record.SeqCeiling);
        _ceilingWrite = write.IsCompleted ? null : write;
        return write;
    }

    private async Task RaiseCeilingAsync(uint ceiling)
    {
        try
        {
            await _writer.WriteAsync();
            _durableCeiling = Math.Max(_durableCeiling, ceiling);
        }
        finally
        {
            _ceilingWrite = null;
        }
    }
}
