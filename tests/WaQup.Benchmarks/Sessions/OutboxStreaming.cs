using BenchmarkDotNet.Attributes;
using WaQup.Grains.Configuration;
using WaQup.Grains.Sessions;
using WaQup.Providers.Audio;

namespace WaQup.Benchmarks.Sessions;

/// <summary>
/// The session's outbox while audio streams: per frame an append and the poll that fetches it, and every
/// <see cref="AckStride"/> frames the acknowledgement the bridge forwards.
/// </summary>
[MemoryDiagnoser]
public class OutboxStreaming
{
    // The bridge forwards one client ack in 25 (ConversationBridge.AckStride) and a poll takes up to 64 items
    // (SessionGrain.MaxBatch); both are private, so they are repeated here.
    private const int AckStride = 25;
    private const int MaxBatch = 64;
    private const string ResponseId = "resp_7";

    private readonly byte[] _frame = new byte[4 + AudioFormat.FrameBytes];
    private Outbox _outbox = null!;
    private uint _nextSeq;
    private long _cursor;

    /// <summary>
    /// Frames not yet acknowledged when an ack arrives: 50 for a client that acks on receipt, the whole replay
    /// buffer for one that acks on playback while audio arrives far ahead of it (PaceFactor 8).
    /// </summary>
    [Params(50, 1500)]
    public int Unacknowledged { get; set; }

    [GlobalSetup]
    public void Fill()
    {
        _outbox = new Outbox(new ConversationOptions().ReplayFrames);
        _nextSeq = 0;
        while (_nextSeq < Unacknowledged - AckStride)
        {
            _outbox.AppendAudio(_nextSeq++, _frame, ResponseId);
        }

        _cursor = _outbox.LastIndex;
    }

    /// <summary>Reported per frame: the cost of one ack is shared by the frames it covers.</summary>
    [Benchmark(OperationsPerInvoke = AckStride)]
    public int Frame()
    {
        var fetched = 0;
        for (var i = 0; i < AckStride; i++)
        {
            _outbox.AppendAudio(_nextSeq++, _frame, ResponseId);
            var batch = _outbox.Read(_cursor, MaxBatch);
            _cursor = batch[^1].Index;
            fetched += batch.Count;
        }

        // Leaves the newest Unacknowledged - AckStride frames, as Fill did.
        _outbox.Ack(_nextSeq - (uint)Unacknowledged + AckStride - 1);
        return fetched;
    }
}
