using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using WaQup.Providers.Audio;

namespace WaQup.Benchmarks.Audio;

/// <summary>One binary audio frame: the 4-byte big-endian sequence number, then 40 ms of PCM.</summary>
[MemoryDiagnoser]
public class AudioFrameBuilding
{
    private readonly byte[] _pcm = SpeechLikePcm.Create(AudioFormat.FrameBytes);
    private uint _seq;

    /// <summary>The steps of <c>SessionGrain.EmitFrameAsync</c>, which is private to the grain, repeated here.</summary>
    [Benchmark]
    public byte[] HeaderAndCopy()
    {
        var frame = new byte[4 + _pcm.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, _seq++);
        _pcm.AsSpan().CopyTo(frame.AsSpan(4));
        return frame;
    }
}
