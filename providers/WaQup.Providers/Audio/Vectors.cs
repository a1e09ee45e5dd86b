using System.Numerics;
using System.Runtime.InteropServices;

namespace WaQup.Providers.Audio;

/// <summary>Filter arithmetic over whole vectors, shared by the resampler and the true-peak oversampler.</summary>
internal static class Vectors
{
    /// <summary>The dot product of two spans of the same length, a whole number of vectors long.</summary>
    public static float Dot(ReadOnlySpan<float> taps, ReadOnlySpan<float> samples)
    {
        var left = MemoryMarshal.Cast<float, Vector<float>>(taps);
        var right = MemoryMarshal.Cast<float, Vector<float>>(samples);
        var sum = Vector<float>.Zero;
        for (var i = 0; i < left.Length; i++)
        {
            sum += left[i] * right[i];
        }

        return Vector.Sum(sum);
    }
}
