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
/// A buffer goes back only when nobody can still read it: the client has acknowledged it (so the socket send that
/// copied it has finished), or it was dropped before any connection fetched it. Anything else is left to the GC.
/// </remarks>
public sealed class FramePool
{
    /// <summary>Bytes of one whole wire frame.</summary>
    public const int FrameBytes = 4 + AudioFormat.FrameBytes;

    private readonly ConcurrentQueue<byte[]> _free = new();
    private readonly int _maxRetained;
    private int _retained;

    public FramePool(int maxRetained = 100_000)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRetained);
        _maxRetained = maxRetained;
    }

    /// <summary>The process's pool: every session of a silo shares it.</summary>
    public static FramePool Shared { get; } = new();

    /// <summary>Buffers waiting to be reused.</summary>
    public int Retained => Volatile.Read(ref _retained);

    /// <summary>A frame buffer of <see cref="FrameBytes"/>; its old contents are not cleared.</summary>
    public byte[] Rent()
    {
        if (_free.TryDequeue(out var frame))
        {
            Interlocked.Decrement(ref _retained);
            return frame;
        }

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
}
