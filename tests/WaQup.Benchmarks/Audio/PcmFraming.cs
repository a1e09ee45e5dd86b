using BenchmarkDotNet.Attributes;
using WaQup.Providers.Audio;

namespace WaQup.Benchmarks.Audio;

/// <summary><see cref="PcmFramer"/> cutting 40 ms frames out of what the speech synthesizer yields.</summary>
[MemoryDiagnoser]
public class PcmFraming
{
    // One 8 KiB read of espeak-ng's 22.05 kHz output, resampled to 24 kHz: 4.6 frames, so frames straddle
    // chunks and both the slicing and the copying path of the framer are taken.
    private const int SpeechChunkBytes = 8916;

    private readonly ReadOnlyMemory<byte> _chunk = SpeechLikePcm.Create(SpeechChunkBytes);
    private readonly PcmFramer _framer = new();

    /// <summary>All the whole frames of one chunk (four or five); the rest waits for the next chunk.</summary>
    [Benchmark]
    public int SpeechChunk()
    {
        var rest = _chunk;
        var bytes = 0;
        while (_framer.TryTakeFrame(ref rest, out var frame))
        {
            bytes += frame.Length;
        }

        return bytes;
    }
}
