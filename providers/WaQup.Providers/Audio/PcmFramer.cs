namespace WaQup.Providers.Audio;

/// <summary>Cuts PCM arriving in chunks of any size into fixed frames (by default <see cref="AudioFormat.FrameBytes"/>).</summary>
/// <remarks>
/// Ownership: a frame handed out is borrowed. It is either a slice of the caller's own chunk (no copy when the
/// framer holds nothing pending) or the framer's single internal buffer, which the next call to
/// <see cref="TryTakeFrame"/> or <see cref="TryFlush"/> overwrites. Send or copy it before calling again.
/// Allocates once, at construction. Not thread-safe.
/// </remarks>
/// <example>
/// <code>
/// while (framer.TryTakeFrame(ref chunk, out var frame)) await SendAsync(frame, ct);
/// </code>
/// </example>
public sealed class PcmFramer
{
    private readonly byte[] _pending;
    private int _pendingCount;

    public PcmFramer(int frameBytes = AudioFormat.FrameBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frameBytes);
        _pending = new byte[frameBytes];
    }

    public int FrameBytes => _pending.Length;

    /// <summary>Bytes held back until the next chunk completes a frame.</summary>
    public int PendingBytes => _pendingCount;

    /// <summary>
    /// Consumes bytes from the front of <paramref name="chunk"/> until one whole frame is ready. Returns false (with
    /// the chunk fully consumed into the pending buffer) when the chunk ran out first; call it in a loop per chunk.
    /// </summary>
    public bool TryTakeFrame(ref ReadOnlyMemory<byte> chunk, out ReadOnlyMemory<byte> frame)
    {
        var frameBytes = _pending.Length;
        if (_pendingCount == 0 && chunk.Length >= frameBytes)
        {
            frame = chunk[..frameBytes];
            chunk = chunk[frameBytes..];
            return true;
        }

        var take = Math.Min(frameBytes - _pendingCount, chunk.Length);
        chunk.Span[..take].CopyTo(_pending.AsSpan(_pendingCount));
        chunk = chunk[take..];
        _pendingCount += take;
        if (_pendingCount < frameBytes)
        {
            frame = default;
            return false;
        }

        _pendingCount = 0;
        frame = _pending;
        return true;
    }

    /// <summary>Pads the pending partial frame with silence and returns it; false when nothing is pending.</summary>
    public bool TryFlush(out ReadOnlyMemory<byte> frame)
    {
        if (_pendingCount == 0)
        {
            frame = default;
            return false;
        }

        _pending.AsSpan(_pendingCount).Clear();
        _pendingCount = 0;
        frame = _pending;
        return true;
    }

    /// <summary>Drops any pending bytes, e.g. when a reply is cancelled mid-sentence.</summary>
    public void Reset() => _pendingCount = 0;
}
