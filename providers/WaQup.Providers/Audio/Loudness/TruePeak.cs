using static WaQup.Providers.Audio.WindowedSinc;

namespace WaQup.Providers.Audio.Loudness;

/// <summary>
/// Finds the true (inter-sample) peak of a signal as it streams: each sample and three points between it and the
/// next, interpolated by a 48-tap Kaiser-windowed sinc (4× oversampling, as BS.1770-4 Annex 2 asks for at 48 kHz).
/// What it reports for a sample comes <see cref="Latency"/> samples later, once the filter has seen past it.
/// </summary>
public sealed class TruePeak
{
    /// <summary>Samples between pushing one and learning its peak: the filter's half-width.</summary>
    public const int Latency = HalfTaps;

    private const int Factor = 4;
    private const int HalfTaps = 12;
    private const int Taps = 2 * HalfTaps;
    private const double KaiserBeta = 7.0;
    private const int Mask = 31;

    // Phase p (1..3) of a point p/4 of the way from sample m to m + 1 weighs samples m - 5 .. m + 6.
    private static readonly double[][] Phases = [.. Enumerable.Range(1, Factor - 1).Select(PhaseTaps)];

    private readonly float[] _history = new float[Mask + 1];
    private int _newest = -1;

    /// <summary>
    /// Takes the next sample and returns the largest magnitude at the sample <see cref="Latency"/> before it and on
    /// the way to its successor.
    /// </summary>
    public double Push(float sample)
    {
        _newest = (_newest + 1) & Mask;
        _history[_newest] = sample;
        // The sample whose peak is reported, and the 12 around it: oldest (m - 5) at index 0.
        var oldest = _newest - (Taps - 1);
        var peak = Math.Abs((double)_history[(_newest - HalfTaps) & Mask]);
        foreach (var taps in Phases)
        {
            double value = 0;
            for (var j = 0; j < Taps; j++)
            {
                value += taps[j] * _history[(oldest + j) & Mask];
            }

            peak = Math.Max(peak, Math.Abs(value));
        }

        return peak;
    }

    private static double[] PhaseTaps(int phase)
    {
        var taps = new double[Taps];
        var offset = (double)phase / Factor;
        var sum = 0.0;
        for (var j = 0; j < Taps; j++)
        {
            // Tap j weighs sample m - 5 + j, at distance (j - 5) - offset from the point.
            var distance = j - (HalfTaps - 1) - offset;
            taps[j] = Sinc(distance) * Kaiser(distance / HalfTaps, KaiserBeta);
            sum += taps[j];
        }

        for (var j = 0; j < Taps; j++)
        {
            taps[j] /= sum;
        }

        return taps;
    }
}
