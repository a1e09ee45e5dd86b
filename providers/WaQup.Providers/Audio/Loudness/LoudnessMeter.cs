namespace WaQup.Providers.Audio.Loudness;

/// <summary>
/// Measures the loudness of a mono signal as it arrives, by ITU-R BS.1770-4 / EBU R 128: K-weighting, 400 ms blocks
/// every 100 ms, the absolute and relative gates; and its true peak (<see cref="TruePeak"/>). Not thread-safe.
/// </summary>
public sealed class LoudnessMeter
{
    private readonly KWeighting _weighting;
    private readonly TruePeak? _peak;
    private readonly GatedBlocks _blocks = new();
    private readonly int _hop;
    // The last four 100 ms sums of squares: one 400 ms block.
    private readonly double[] _quarters = new double[4];
    private int _quartersFilled;
    private int _quarter;
    private double _sum;
    private int _inHop;
    private double _maxPeak;

    /// <param name="truePeak">Whether to find the true peak too (most of the meter's cost).</param>
    public LoudnessMeter(int sampleRate, bool truePeak = true)
    {
        _weighting = new KWeighting(sampleRate);
        _peak = truePeak ? new TruePeak() : null;
        _hop = sampleRate / 10;
    }

    /// <summary>Integrated (gated) loudness so far in LUFS; −∞ before a block passed the gates.</summary>
    public double IntegratedLufs => _blocks.Integrated().Lufs;

    /// <summary>How much of the signal so far counts in <see cref="IntegratedLufs"/>, in blocks' hops (100 ms each).</summary>
    public TimeSpan Gated => TimeSpan.FromMilliseconds(100.0 * _blocks.Integrated().Blocks);

    /// <summary>The loudness of the last 400 ms block; −∞ before the first.</summary>
    public double MomentaryLufs { get; private set; } = double.NegativeInfinity;

    /// <summary>The highest true peak so far, linear (1 = full scale); the last few samples count once <see cref="Complete"/> is called.</summary>
    public double TruePeakLinear => _maxPeak;

    /// <summary><see cref="TruePeakLinear"/> in dBTP.</summary>
    public double TruePeakDb => 20 * Math.Log10(_maxPeak);

    /// <summary>Adds samples in [-1, 1].</summary>
    public void Add(ReadOnlySpan<float> samples)
    {
        foreach (var sample in samples)
        {
            if (_peak is not null)
            {
                _maxPeak = Math.Max(_maxPeak, _peak.Push(sample, _maxPeak));
            }

            var weighted = _weighting.Process(sample);
            _sum += weighted * weighted;
            if (++_inHop == _hop)
            {
                EndHop();
            }
        }
    }

    /// <summary>Adds PCM16 LE samples.</summary>
    public void AddPcm16(ReadOnlySpan<byte> pcm)
    {
        Span<float> buffer = stackalloc float[256];
        for (var offset = 0; offset + 1 < pcm.Length;)
        {
            var count = Math.Min(buffer.Length, (pcm.Length - offset) / 2);
            Pcm16.ToFloat(pcm.Slice(offset, count * 2), buffer[..count]);
            Add(buffer[..count]);
            offset += count * 2;
        }
    }

    /// <summary>Lets the true-peak filter see past the last sample (a partial last block is not measured, as in BS.1770).</summary>
    public void Complete()
    {
        for (var i = 0; _peak is not null && i < TruePeak.Latency; i++)
        {
            _maxPeak = Math.Max(_maxPeak, _peak.Push(0, _maxPeak));
        }
    }

    private void EndHop()
    {
        _quarters[_quarter] = _sum;
        _quarter = (_quarter + 1) % 4;
        _sum = 0;
        _inHop = 0;
        if (_quartersFilled < 4)
        {
            _quartersFilled++;
        }

        if (_quartersFilled == 4)
        {
            var meanSquare = (_quarters[0] + _quarters[1] + _quarters[2] + _quarters[3]) / (4.0 * _hop);
            MomentaryLufs = GatedBlocks.Lufs(meanSquare);
            _blocks.Add(meanSquare);
        }
    }
}
