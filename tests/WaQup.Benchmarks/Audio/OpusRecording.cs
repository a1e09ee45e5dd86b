using BenchmarkDotNet.Attributes;
using Concentus;
using WaQup.Providers.Audio;

namespace WaQup.Benchmarks.Audio;

/// <summary>
/// <see cref="OggOpusWriter"/> at its default complexity taking one 40 ms frame, as a ritual's recording does for
/// every frame streamed; every 25th call also writes a page.
/// </summary>
[MemoryDiagnoser]
public class OpusRecording
{
    private const int FramesOfSpeech = 50;

    private readonly byte[] _speech = SpeechLikePcm.Create(FramesOfSpeech * AudioFormat.FrameBytes);
    private OggOpusWriter _writer = null!;
    private int _next;

    [GlobalSetup]
    public void Open()
    {
        // Concentus uses libopus when it can load libopus.so and otherwise its managed port, which allocates about
        // 200 KB a frame: the numbers mean little without knowing which one ran.
        using (var probe = OpusCodecFactory.CreateEncoder(AudioFormat.SampleRate, 1))
        {
            Console.WriteLine($"// OpusRecording: the encoder is {probe.GetVersionString()}");
        }

        _writer = new OggOpusWriter(Stream.Null, streamSerial: 1);
    }

    [GlobalCleanup]
    public void Close() => _writer.Dispose();

    [Benchmark]
    public ValueTask EncodeFrame()
    {
        var frame = _speech.AsMemory(_next * AudioFormat.FrameBytes, AudioFormat.FrameBytes);
        _next = (_next + 1) % FramesOfSpeech;
        return _writer.WriteAsync(frame, CancellationToken.None);
    }
}
