using System.Numerics;
using System.Runtime.InteropServices;
using static WaQup.Providers.Audio.WindowedSinc;

namespace WaQup.Providers.Audio.Loudness;

/// <summary>
/// Finds the true (inter-sample) peak of a signal as it streams: each sample and three points between it and the
/// next, interpolated by a 24-tap Kaiser-windowed sinc (4× oversampling, as BS.1770-4 Annex 2 asks for at 48 kHz).
/// What it reports for a sample comes <see cref="Latency"/> samples later, once the filter has seen past it.
/// </summary>
/// <remarks>
/// The interpolation is skipped where it cannot matter: no point between samples can exceed the largest sample near
/// it times the sum of a phase's absolute taps, so where that bound is under the caller's floor the sample alone is
/// returned. Quiet passages, pauses and beds then cost a comparison.
/// </remarks>
public sealed class TruePeak
{
    /// <summary>Samples between pushing one and learning its peak: the filter's half-width.</summary>
    public const int Latency = HalfTaps;

    private const int Factor = 4;
    private const int HalfTaps = 12;
    private const int Taps = 2 * HalfTaps;
    private const double KaiserBeta = 7.0;
    private const int Size = 64;

    // Phase p (1..3) of a point p/4 of the way from sample m to m + 1 weighs samples m - 11 .. m + 12; padded with
    // zeros to whole vectors.
    private static readonly int Width = (Taps + Vector<float>.Count - 1) / Vector<float>.Count * Vector<float>.Count;
    private static readonly float[][] Phases = [.. Enumerable.Range(1, Factor - 1).Select(PhaseTaps)];
    private static readonly double Gain = Phases.Max(taps => taps.Sum(Math.Abs));

    // Every sample twice, Size apart, so the last Width samples are always one contiguous span.
    private readonly float[] _history = new float[2 * Size];
    private int _newest = Size - 1;

    /// <summary>
    /// Takes the next sample and returns the largest magnitude at the sample <see cref="Latency"/> before it and on
    /// the way to its successor; or, when that cannot exceed <paramref name="floor"/>, some value no larger than it.
    /// </summary>
    public double Push(float sample, double floor = 0)
    {
        _newest = _newest == 2 * Size - 1 ? Size : _newest + 1;
        _history[_newest] = sample;
        _history[_newest - Size] = sample;
        var window = _history.AsSpan(_newest - Width + 1, Width);
        var peak = Math.Abs((double)window[Width - 1 - HalfTaps]);
        if (MaxMagnitude(window) * Gain <= Math.Max(floor, peak))
        {
            return peak;
        }

        foreach (var taps in Phases)
        {
            peak = Math.Max(peak, Math.Abs(Vectors.Dot(taps, window)));
        }

        return peak;
    }

    private static float MaxMagnitude(ReadOnlySpan<float> window)
    {
        var vectors = MemoryMarshal.Cast<float, Vector<float>>(window);
        var max = Vector<float>.Zero;
        foreach (var vector in vectors)
        {
            max = Vector.Max(max, Vector.Abs(vector));
        }

        var largest = 0f;
        for (var i = 0; i < Vector<float>.Count; i++)
        {
            largest = Math.Max(largest, max[i]);
        }

        return largest;
    }

    private static float[] PhaseTaps(int phase)
    {
        // The window's oldest sample sits at index Width - Taps; the newest, m + 12, at Width - 1.
        var taps = new double[Taps];
        var offset = (double)phase / Factor;
        var sum = 0.0;
        for (var j = 0; j < Taps; j++)
        {
            // Tap j weighs sample m - 11 + j, at distance (j - 11) - offset from the point.
            var distance = j - (HalfTaps - 1) - offset;
            taps[j] = Sinc(distance) * Kaiser(distance / HalfTaps, KaiserBeta);
            sum += taps[j];
        }

        var padded = new float[Width];
        for (var j = 0; j < Taps; j++)
        {
            padded[Width - Taps + j] = (float)(taps[j] / sum);
        }

        return padded;
    }
}
