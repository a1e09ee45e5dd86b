using System.Buffers.Binary;

namespace WaQup.Providers.Audio;

/// <summary>Streaming PCM16 LE mono sample-rate converter (Catmull-Rom interpolation) that keeps its state across chunks.</summary>
/// <remarks>
/// Output depends only on the concatenated input, never on how it was split into chunks (even mid-sample).
/// Positions are tracked as an exact fraction, so long streams do not drift. Not thread-safe.
/// Upsampling (the 22 050 → 24 000 Hz case) needs no anti-alias filter; heavy downsampling would alias.
/// </remarks>
public sealed class PcmResampler
{
    private readonly int _step;
    private readonly int _denominator;

    // The last four input samples; the next output lies between _w1 and _w2 once _nextIndex == _pushed - 3.
    private float _w0, _w1, _w2, _w3;
    private long _pushed;
    private long _nextIndex;
    private int _nextFraction;
    private byte _oddByte;
    private bool _hasOddByte;

    public PcmResampler(int inputRate, int outputRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputRate);
        InputRate = inputRate;
        OutputRate = outputRate;
        var divisor = Gcd(inputRate, outputRate);
        _step = inputRate / divisor;
        _denominator = outputRate / divisor;
    }

    public int InputRate { get; }

    public int OutputRate { get; }

    /// <summary>An upper bound on the bytes <see cref="Process"/> writes for <paramref name="inputBytes"/> bytes of input.</summary>
    public int MaxOutputBytes(int inputBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputBytes);
        // The +1 covers a carried odd byte; the +2 covers rounding at both ends of the chunk.
        var samples = (inputBytes + 1) / 2;
        return (int)(((long)samples * _denominator / _step + 2) * 2);
    }

    /// <summary>An upper bound on the bytes <see cref="Flush"/> writes.</summary>
    public int MaxFlushBytes => MaxOutputBytes(4);

    /// <summary>Converts <paramref name="input"/> (any length) and returns the number of bytes written to <paramref name="output"/>.</summary>
    /// <remarks><paramref name="output"/> must hold at least <see cref="MaxOutputBytes"/>(input.Length) bytes.</remarks>
    public int Process(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var written = 0;
        if (_hasOddByte && !input.IsEmpty)
        {
            written = Push((short)(_oddByte | (input[0] << 8)), output, written);
            input = input[1..];
            _hasOddByte = false;
        }

        var whole = input.Length & ~1;
        for (var i = 0; i < whole; i += 2)
        {
            written = Push(BinaryPrimitives.ReadInt16LittleEndian(input[i..]), output, written);
        }

        if (whole < input.Length)
        {
            _oddByte = input[whole];
            _hasOddByte = true;
        }

        return written;
    }

    /// <summary>Emits the outputs that were waiting for look-ahead samples, then resets for a new stream.</summary>
    /// <remarks><paramref name="output"/> must hold <see cref="MaxFlushBytes"/> bytes; a dangling odd byte is dropped. After flushing, the total output is exactly ceil(inputSamples × outputRate / inputRate) samples.</remarks>
    public int Flush(Span<byte> output)
    {
        var written = 0;
        var inputSamples = _pushed;
        // Two silent samples supply the look-ahead for the last real ones; outputs beyond the real input are dropped.
        for (var i = 0; i < 2; i++)
        {
            Shift(0);
            while (_nextIndex <= _pushed - 3 && _nextIndex < inputSamples)
            {
                written = Emit(output, written);
            }
        }

        Reset();
        return written;
    }

    /// <summary>Forgets all state, as if newly constructed.</summary>
    public void Reset()
    {
        _w0 = _w1 = _w2 = _w3 = 0;
        _pushed = 0;
        _nextIndex = 0;
        _nextFraction = 0;
        _hasOddByte = false;
    }

    private int Push(short sample, Span<byte> output, int written)
    {
        Shift(sample);
        while (_nextIndex <= _pushed - 3)
        {
            written = Emit(output, written);
        }

        return written;
    }

    private void Shift(float sample)
    {
        _w0 = _w1;
        _w1 = _w2;
        _w2 = _w3;
        _w3 = sample;
        _pushed++;
    }

    private int Emit(Span<byte> output, int written)
    {
        var t = (float)_nextFraction / _denominator;
        var c1 = 0.5f * (_w2 - _w0);
        var c2 = _w0 - 2.5f * _w1 + 2f * _w2 - 0.5f * _w3;
        var c3 = 0.5f * (_w3 - _w0) + 1.5f * (_w1 - _w2);
        var value = ((c3 * t + c2) * t + c1) * t + _w1;
        var sample = (short)Math.Clamp(MathF.Round(value), short.MinValue, short.MaxValue);
        BinaryPrimitives.WriteInt16LittleEndian(output[written..], sample);

        _nextFraction += _step;
        while (_nextFraction >= _denominator)
        {
            _nextFraction -= _denominator;
            _nextIndex++;
        }

        return written + 2;
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
