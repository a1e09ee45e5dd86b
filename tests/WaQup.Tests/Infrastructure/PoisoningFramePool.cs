using System.Collections.Concurrent;
using WaQup.Grains.Sessions;

namespace WaQup.Tests.Infrastructure;

/// <summary>
/// A frame pool that makes misuse visible: a buffer that comes back is overwritten with <see cref="Poison"/> at once,
/// so a socket still writing it sends poison (or, once it is rented again, another listener's audio), and a buffer
/// given back while already in the pool is counted.
/// </summary>
public sealed class PoisoningFramePool : FramePool
{
    /// <summary>What a returned buffer holds until it is rented again; no stamped test audio contains this byte.</summary>
    public const byte Poison = 0xDB;

    private readonly ConcurrentDictionary<byte[], byte> _free = new(ReferenceEqualityComparer.Instance);
    private int _doubleReturns;
    private long _returns;

    /// <summary>Buffers given back while they were already in the pool: two later renters would share each.</summary>
    public int DoubleReturns => Volatile.Read(ref _doubleReturns);

    /// <summary>Buffers given back, in all.</summary>
    public long Returns => Interlocked.Read(ref _returns);

    public override byte[] Rent()
    {
        var frame = base.Rent();
        _free.TryRemove(frame, out _);
        return frame;
    }

    public override void Return(byte[] frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Length == FrameBytes)
        {
            Interlocked.Increment(ref _returns);
            if (!_free.TryAdd(frame, 0))
            {
                Interlocked.Increment(ref _doubleReturns);
            }

            frame.AsSpan().Fill(Poison);
        }

        base.Return(frame);
    }

    /// <summary>Whether <paramref name="frame"/> is in the pool now, waiting to be rented by anybody.</summary>
    public bool Holds(byte[] frame) => _free.ContainsKey(frame);
}
