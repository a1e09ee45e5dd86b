namespace WaQup.Providers.Audio.Loudness;

/// <summary>
/// Keeps a signal's true peak under a ceiling with a look-ahead: the gain needed at each point (from
/// <see cref="TruePeak"/>) is the minimum over the next <see cref="LookAhead"/> samples, recovers with a release of
/// about 80 ms, and is smoothed by a moving average of the look-ahead's length, so it is already down when a peak
/// arrives and never steps. The output lags the input by <see cref="Latency"/> samples. Not thread-safe.
/// </summary>
public sealed class PeakLimiter
{
    /// <summary>Samples the gain looks ahead (2 ms at 24 kHz).</summary>
    public const int LookAhead = 48;

    /// <summary>Samples between a sample going in and coming out.</summary>
    public const int Latency = TruePeak.Latency + LookAhead - 1;

    private const int Mask = 63;

    private readonly TruePeak _peak = new();
    private readonly double _ceiling;
    private readonly double _release;
    private readonly float[] _signal = new float[Mask + 1];
    private readonly double[] _minValues = new double[Mask + 1];
    private readonly long[] _minIndices = new long[Mask + 1];
    private readonly double[] _held = new double[LookAhead];
    private long _minHead;
    private long _minTail;
    private long _index;
    private double _gain = 1;
    private double _heldSum = LookAhead;

    /// <param name="ceilingDb">The highest true peak let through, in dBTP.</param>
    public PeakLimiter(double ceilingDb, int sampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ceilingDb, 0);
        _ceiling = Math.Pow(10, ceilingDb / 20);
        _release = 1 - Math.Exp(-1.0 / (0.08 * sampleRate));
        Array.Fill(_held, 1.0);
    }

    /// <summary>The lowest gain applied so far (1 when nothing was limited).</summary>
    public double DeepestGain { get; private set; } = 1;

    /// <summary>Limits <paramref name="input"/> into <paramref name="output"/> of the same length, <see cref="Latency"/> samples late.</summary>
    public void Process(ReadOnlySpan<float> input, Span<float> output)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(output.Length, input.Length, nameof(output));
        for (var i = 0; i < input.Length; i++)
        {
            output[i] = Next(input[i]);
        }
    }

    private float Next(float sample)
    {
        var n = _index++;
        _signal[n & Mask] = sample;
        // The peak around sample n - TruePeak.Latency, and the gain that keeps it under the ceiling.
        var peak = _peak.Push(sample, _ceiling);
        var needed = peak > _ceiling ? _ceiling / peak : 1.0;

        // The minimum of what the last LookAhead points need (a monotonic queue).
        while (_minTail > _minHead && _minValues[(_minTail - 1) & Mask] >= needed)
        {
            _minTail--;
        }

        _minValues[_minTail & Mask] = needed;
        _minIndices[_minTail & Mask] = n;
        _minTail++;
        while (_minIndices[_minHead & Mask] <= n - LookAhead)
        {
            _minHead++;
        }

        _gain = Math.Min(_minValues[_minHead & Mask], _gain + (1 - _gain) * _release);
        var slot = (int)(n % LookAhead);
        _heldSum += _gain - _held[slot];
        _held[slot] = _gain;
        // Every gain averaged here was the minimum over a window holding the point that goes out now.
        var smoothed = _heldSum / LookAhead;
        DeepestGain = Math.Min(DeepestGain, smoothed);
        return (float)(_signal[(n - Latency) & Mask] * smoothed);
    }
}
