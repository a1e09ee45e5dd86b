using System.Buffers;
using System.Collections.Concurrent;
using System.Numerics;

namespace WaQup.Providers.Audio;

/// <summary>Converts a whole PCM16 signal between two sample rates with a Kaiser-windowed sinc filter (polyphase).</summary>
/// <remarks>
/// For speech made a sentence at a time (flite's 16 kHz → 24 kHz) where <see cref="PcmResampler"/>'s cubic interpolation
/// leaves images of the 4–8 kHz band audible between 8 and 12 kHz (a 6 kHz tone's image at 10 kHz only
/// 11 dB below it). The filter is 52 taps long (going up), half-gain at
/// 90 % of the lower Nyquist frequency, its transition about a tenth of the input rate wide, its stop band about 80 dB down; the rates' ratio is reduced to lowest terms and one set of taps is kept
/// per output phase (3 for 16 → 24 kHz), shared by every caller. Thread-safe.
/// </remarks>
public static class SincResampler
{
    // Taps on each side of an output, in input samples when going up (more when going down, in proportion).
    private const int HalfTaps = 26;
    private const double PassFraction = 0.9;
    private const double KaiserBeta = 8.0;

    private static readonly ConcurrentDictionary<(int, int), Filter> Filters = new();

    /// <summary>The number of samples <see cref="Resample"/> writes for <paramref name="inputSamples"/> samples: ceil(n × out / in).</summary>
    public static int OutputLength(int inputSamples, int inputRate, int outputRate) =>
        (int)(((long)inputSamples * outputRate + inputRate - 1) / inputRate);

    /// <summary>Resamples <paramref name="input"/> into <paramref name="output"/>, which holds exactly <see cref="OutputLength"/> samples.</summary>
    public static void Resample(ReadOnlySpan<short> input, int inputRate, Span<short> output, int outputRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputRate);
        ArgumentOutOfRangeException.ThrowIfNotEqual(output.Length, OutputLength(input.Length, inputRate, outputRate), nameof(output));
        if (inputRate == outputRate)
        {
            input.CopyTo(output);
            return;
        }

        var filter = Filters.GetOrAdd((inputRate, outputRate), static rates => new Filter(rates.Item1, rates.Item2));
        filter.Apply(input, output);
    }

    private sealed class Filter
    {
        private readonly int _step;
        private readonly int _phases;
        private readonly int _halfWidth;
        // The taps of a phase, padded with zeros to a whole number of vectors.
        private readonly int _width;
        private readonly float[] _taps;

        public Filter(int inputRate, int outputRate)
        {
            var divisor = Gcd(inputRate, outputRate);
            _step = inputRate / divisor;
            _phases = outputRate / divisor;
            // The cut-off in cycles per input sample: below the input's Nyquist when going up, the output's when going down.
            var cutoff = PassFraction * 0.5 * Math.Min(1.0, (double)outputRate / inputRate);
            _halfWidth = (int)Math.Ceiling(HalfTaps / Math.Min(1.0, (double)outputRate / inputRate));
            _width = (2 * _halfWidth + Vector<float>.Count - 1) / Vector<float>.Count * Vector<float>.Count;
            _taps = new float[_phases * _width];
            for (var phase = 0; phase < _phases; phase++)
            {
                var offset = (double)phase / _phases;
                var taps = _taps.AsSpan(phase * _width, 2 * _halfWidth);
                var sum = 0.0;
                for (var j = 0; j < taps.Length; j++)
                {
                    // Tap j weighs input sample (index + j - halfWidth + 1) for an output at index + offset.
                    var distance = j - _halfWidth + 1 - offset;
                    var weight = 2 * cutoff * WindowedSinc.Sinc(2 * cutoff * distance) * WindowedSinc.Kaiser(distance / _halfWidth, KaiserBeta);
                    taps[j] = (float)weight;
                    sum += weight;
                }

                // Unity gain at DC for every phase, so a constant stays constant.
                for (var j = 0; j < taps.Length; j++)
                {
                    taps[j] = (float)(taps[j] / sum);
                }
            }
        }

        public void Apply(ReadOnlySpan<short> input, Span<short> output)
        {
            // The signal as floats with a filter's width of silence on both sides: every output is one plain dot product.
            var padded = ArrayPool<float>.Shared.Rent(input.Length + 2 * _width);
            try
            {
                padded.AsSpan(0, _width).Clear();
                for (var i = 0; i < input.Length; i++)
                {
                    padded[_width + i] = input[i];
                }

                padded.AsSpan(_width + input.Length, _width).Clear();
                for (var n = 0; n < output.Length; n++)
                {
                    var position = (long)n * _step;
                    var index = (int)(position / _phases);
                    var phase = (int)(position % _phases);
                    var value = Vectors.Dot(_taps.AsSpan(phase * _width, _width), padded.AsSpan(_width + index - _halfWidth + 1, _width));
                    output[n] = (short)Math.Clamp(MathF.Round(value), short.MinValue, short.MaxValue);
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(padded);
            }
        }

        private static int Gcd(int a, int b)
        {
            while (b != 0)
            {
                (a, b) = (b, a % b);
            }

            return a;
        }
    }
}
