using System.Buffers.Binary;
using WaQup.Abstractions.Voice;
using WaQup.Providers.Audio;
using WaQup.Providers.Speech;
using WaQup.Tests.Audio;

namespace WaQup.Tests.Recognition;

/// <summary>Speech made by the machine's synthesisers, as a microphone would send it: PCM16 LE, 16 kHz, mono.</summary>
public static class SpokenAudio
{
    private static readonly EspeakSpeechSynthesizer Espeak = new();

    /// <summary>espeak-ng, the embedded voice, resampled from its 24 kHz.</summary>
    public static async Task<byte[]> EspeakAsync(string text, CancellationToken cancellationToken = default)
    {
        using var speech = new MemoryStream();
        await foreach (var chunk in Espeak.SynthesizeAsync(text, "default", cancellationToken))
        {
            speech.Write(chunk.Span);
        }

        return Resample(speech.ToArray(), AudioFormat.SampleRate);
    }

    /// <summary>flite's <paramref name="voice"/> (slt, rms, awb, kal), a voice the recogniser was not tuned on; 16 kHz already.</summary>
    public static async Task<byte[]> FliteAsync(string text, string voice = "slt", CancellationToken cancellationToken = default)
    {
        var flite = ExternalTool.Find("flite") ?? throw new InvalidOperationException("flite is not installed (./waqup test installs it)");
        var file = Path.Combine(Path.GetTempPath(), $"waqup-flite-{Guid.NewGuid():N}.wav");
        try
        {
            var (exit, output) = await ExternalTool.RunAsync(flite, cancellationToken, "-voice", voice, "-t", text, "-o", file);
            Assert.True(exit == 0, $"flite failed: {output}");
            var (rate, pcm) = ReadWav(await File.ReadAllBytesAsync(file, cancellationToken));
            return Resample(pcm, rate);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary><paramref name="milliseconds"/> of silence, or of faint noise at <paramref name="noiseAmplitude"/>.</summary>
    public static byte[] Silence(int milliseconds, int noiseAmplitude = 0, int seed = 7)
    {
        var random = new Random(seed);
        var pcm = new byte[milliseconds * MicrophoneFormat.BytesPerMillisecond];
        for (var i = 0; noiseAmplitude > 0 && i < pcm.Length; i += 2)
        {
            BinaryPrimitives.WriteInt16LittleEndian(pcm.AsSpan(i), (short)random.Next(-noiseAmplitude, noiseAmplitude + 1));
        }

        return pcm;
    }

    /// <summary>Pieces laid end to end.</summary>
    public static byte[] Join(params byte[][] pieces) => [.. pieces.SelectMany(p => p)];

    /// <summary>The audio at <paramref name="factor"/> times its amplitude.</summary>
    public static byte[] Scale(byte[] pcm, double factor)
    {
        var scaled = new byte[pcm.Length];
        for (var i = 0; i + 1 < pcm.Length; i += 2)
        {
            BinaryPrimitives.WriteInt16LittleEndian(scaled.AsSpan(i), (short)Math.Clamp(BinaryPrimitives.ReadInt16LittleEndian(pcm.AsSpan(i)) * factor, short.MinValue, short.MaxValue));
        }

        return scaled;
    }

    /// <summary>Two sounds at once (as long as the shorter), as one microphone hears them.</summary>
    public static byte[] Mix(byte[] a, byte[] b)
    {
        var mixed = new byte[Math.Min(a.Length, b.Length) & ~1];
        for (var i = 0; i < mixed.Length; i += 2)
        {
            var sum = BinaryPrimitives.ReadInt16LittleEndian(a.AsSpan(i)) + BinaryPrimitives.ReadInt16LittleEndian(b.AsSpan(i));
            BinaryPrimitives.WriteInt16LittleEndian(mixed.AsSpan(i), (short)Math.Clamp(sum, short.MinValue, short.MaxValue));
        }

        return mixed;
    }

    private static byte[] Resample(byte[] pcm, int rate)
    {
        if (rate == MicrophoneFormat.SampleRate)
        {
            return pcm;
        }

        var resampler = new PcmResampler(rate, MicrophoneFormat.SampleRate);
        var output = new byte[resampler.MaxOutputBytes(pcm.Length) + resampler.MaxFlushBytes];
        var length = resampler.Process(pcm, output);
        length += resampler.Flush(output.AsSpan(length));
        return output[..length];
    }

    /// <summary>The sample rate and PCM16 data of a mono 16-bit WAV file.</summary>
    private static (int Rate, byte[] Pcm) ReadWav(byte[] wav)
    {
        var rate = 0;
        for (var at = 12; at + 8 <= wav.Length;)
        {
            var id = System.Text.Encoding.ASCII.GetString(wav, at, 4);
            var size = BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(at + 4));
            if (id == "fmt ")
            {
                rate = BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(at + 12));
            }
            else if (id == "data")
            {
                return (rate, wav.AsSpan(at + 8, Math.Min(size, wav.Length - at - 8)).ToArray());
            }

            at += 8 + size + (size & 1);
        }

        throw new InvalidDataException("no data chunk in the WAV file");
    }
}
