using System.Collections.Concurrent;
using WaQup.Providers.Audio;

namespace WaQup.Grains.Sessions;

/// <summary>
/// Reused buffers for whole wire frames (4-byte sequence number and 40 ms of PCM). A frame lives from the moment it
/// is spoken until the client acknowledges it, about a second and a half; allocated fresh, thousands of such
/// frames are alive at every young-generation collection and are copied from generation to generation, which is
/// what made the garbage collector's pauses the tail of turn latency. Pooled, they stay put.
/// </summary>
/// <remarks>
/// <para>A buffer goes back only when nobody can still read it: the client has acknowledged it (so the socket send
/// that copied it has finished), or it was dropped before any connection fetched it. Anything else is left to the GC.</para>
/// <para>One pool serves a silo (a singleton). What a burst of speech leaves behind is let go by <see cref="Trim"/>:
/// buffers that sat unused through a whole trim interval are surplus.</para>
/// </remarks>
public sealed class FramePool
{
    /// <summary>Bytes of one whole wire frame.</summary>
    public const int FrameBytes = 4 + AudioFormat.FrameBytes;

    private readonly ConcurrentQueue<byte[]> _free = new();
    private readonly int _maxRetained;
    private int _retained;
    private int _lowWater;
    private long _rents;

    public FramePool(int maxRetained = 100_000)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRetained);
        _maxRetained = maxRetained;
    }

    /// <summary>Buffers waiting to be reused.</summary>
    public int Retained => Volatile.Read(ref _retained);

    /// <summary>
    /// Buffers handed out since the pool was made: a silo whose count stands still is speaking to nobody. Counted
    /// without a lock, so under contention it may run a little behind; it only has to move.
    /// </summary>
    public long Rents => Volatile.Read(ref _rents);

    /// <summary>A frame buffer of <see cref="FrameBytes"/>; its old contents are not cleared.</summary>
    public byte[] Rent()
    {
        _rents++;
        if (_free.TryDequeue(out var frame))
        {
            NoteLevel(Interlocked.Decrement(ref _retained));
            return frame;
        }

        NoteLevel(0);
        return GC.AllocateUninitializedArray<byte>(FrameBytes);
    }

    /// <summary>Takes back a buffer from <see cref="Rent"/>; other sizes and buffers beyond the bound are left to the GC.</summary>
    public void Return(byte[] frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Length != FrameBytes)
        {
            return;
        }

        if (Interlocked.Increment(ref _retained) <= _maxRetained)
        {
            _free.Enqueue(frame);
        }
        else
        {
            Interlocked.Decrement(ref _retained);
        }
    }

    /// <summary>
    /// Lets go of the buffers that no rent needed since the last trim (the fewest that were waiting at any moment of
    /// it), and returns how many; a pool in steady use keeps what it uses.
    /// </summary>
    public int Trim()
    {
        var surplus = Math.Min(Interlocked.Exchange(ref _lowWater, int.MaxValue), Retained);
        var released = 0;
        while (released < surplus && _free.TryDequeue(out _))
        {
            Interlocked.Decrement(ref _retained);
            released++;
        }

        // The next interval's low-water mark starts from what is left; rents during this trim may lower it further.
        NoteLevel(Retained);
        return released;
    }

    /// <summary>Lowers the low-water mark. A lost race leaves it a buffer or two high: those are trimmed and made afresh.</summary>
    private void NoteLevel(int waiting)
    {
        if (waiting < Volatile.Read(ref _lowWater))
        {
            Volatile.Write(ref _lowWater, waiting);
        }
    }
}
