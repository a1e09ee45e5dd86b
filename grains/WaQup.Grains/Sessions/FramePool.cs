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
/// <para>Who owns a frame, from rent to return (docs/protocol.md, "Who owns an audio frame"):</para>
/// <list type="number">
/// <item>The session rents it, writes the sequence number and PCM, and hands it to its <see cref="Outbox"/>, which owns
/// it from then on. Nobody else returns it. (A <see cref="RitualRecording"/> rents buffers of its own for the library
/// copy and returns them once encoded; those never reach a socket.)</item>
/// <item>The outbox lends it to a connection by <see cref="Outbox.Read"/> (a poll) or <see cref="Outbox.ReplayAfter"/>
/// (a resume). The item is <c>[Immutable]</c>, so with the api in the silo the socket writes this very array: the
/// buffer is shared, read-only, with that connection's socket.</item>
/// <item>The outbox gives it back only when no socket can still read it: it was never lent (a cancel dropped it
/// unfetched, or the client acknowledged it before any poll fetched it), or it was acknowledged and the connection
/// that borrowed it has since polled past it (a poll's cursor says its socket is done with everything up to it),
/// and no earlier connection borrowed it. Everything else (frames an earlier connection fetched, frames trimmed for
/// space, frames of an activation that ends) is left to the GC.</item>
/// <item>A returned buffer is rented again with its old contents, by any session of this silo: a broken rule sends
/// one listener's audio to another. Tests run the system with a pool that poisons what comes back
/// (tests/WaQup.Tests/Infrastructure/PoisoningFramePool.cs): that is what <see cref="Rent"/> and
/// <see cref="Return"/> are virtual for.</item>
/// </list>
/// <para>One pool serves a silo (a singleton). What a burst of speech leaves behind is let go by <see cref="Trim"/>:
/// buffers that sat unused through a whole trim interval are surplus.</para>
/// </remarks>
public class FramePool
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
    public virtual byte[] Rent()
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

    /// <summary>
    /// Takes back a buffer from <see cref="Rent"/> that nobody reads any more; other sizes and buffers beyond the bound
    /// are left to the GC.
    /// </summary>
    public virtual void Return(byte[] frame)
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
