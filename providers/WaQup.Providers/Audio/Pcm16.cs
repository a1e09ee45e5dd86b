using System.Buffers.Binary;

namespace WaQup.Providers.Audio;

/// <summary>PCM16 LE to and from floats in [-1, 1).</summary>
public static class Pcm16
{
    private const float Scale = 32768f;

    public static void ToFloat(ReadOnlySpan<byte> pcm, Span<float> samples)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples.Length, pcm.Length / 2, nameof(samples));
        for (var i = 0; i < pcm.Length / 2; i++)
        {
            samples[i] = BinaryPrimitives.ReadInt16LittleEndian(pcm[(2 * i)..]) / Scale;
        }
    }

    /// <summary>Rounds to the nearest sample value; what lies beyond full scale is clipped.</summary>
    public static void FromFloat(ReadOnlySpan<float> samples, Span<byte> pcm)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pcm.Length, samples.Length * 2, nameof(pcm));
        for (var i = 0; i < samples.Length; i++)
        {
            var value = (short)Math.Clamp(MathF.Round(samples[i] * Scale), short.MinValue, short.MaxValue);
            BinaryPrimitives.WriteInt16LittleEndian(pcm[(2 * i)..], value);
        }
    }
}
