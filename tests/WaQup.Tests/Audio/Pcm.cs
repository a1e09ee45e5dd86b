using System.Buffers.Binary;

namespace WaQup.Tests.Audio;

/// <summary>Builds and measures PCM16 LE mono test signals.</summary>
internal static class Pcm
{
    public static byte[] Sine(double frequency, int sampleRate, int samples, double amplitude = 8000)
    {
        var bytes = new byte[samples * 2];
        for (var i = 0; i < samples; i++)
        {
            var value = (short)Math.Round(amplitude * Math.Sin(2 * Math.PI * frequency * i / sampleRate));
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(i * 2), value);
        }

        return bytes;
    }

    public static short[] Samples(ReadOnlySpan<byte> pcm)
    {
        var samples = new short[pcm.Length / 2];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = BinaryPrimitives.ReadInt16LittleEndian(pcm[(i * 2)..]);
        }

        return samples;
    }

    public static int ZeroCrossings(ReadOnlySpan<short> samples)
    {
        var crossings = 0;
        for (var i = 1; i < samples.Length; i++)
        {
            if ((samples[i - 1] < 0) != (samples[i] < 0))
            {
                crossings++;
            }
        }

        return crossings;
    }

    public static double Rms(ReadOnlySpan<short> samples)
    {
        double sum = 0;
        foreach (var s in samples)
        {
            sum += (double)s * s;
        }

        return samples.Length == 0 ? 0 : Math.Sqrt(sum / samples.Length);
    }

    /// <summary>Cuts <paramref name="data"/> into random pieces of 0..<paramref name="maxPiece"/> bytes, odd sizes included.</summary>
    public static List<ReadOnlyMemory<byte>> RandomSplit(byte[] data, int seed, int maxPiece)
    {
        var random = new Random(seed);
        var pieces = new List<ReadOnlyMemory<byte>>();
        var offset = 0;
        while (offset < data.Length)
        {
            var length = Math.Min(random.Next(0, maxPiece + 1), data.Length - offset);
            pieces.Add(data.AsMemory(offset, length));
            offset += length;
        }

        return pieces;
    }
}
