namespace WaQup.Providers.Audio.Loudness;

/// <summary>
/// The 400 ms blocks of a loudness measurement, gated as BS.1770 gates them: blocks under −70 LUFS are dropped, then
/// blocks more than 10 LU under the loudness of those left. Kept as a histogram of 0.1 LU bins holding each bin's
/// energy, so memory stays bounded however long the programme, and a gate falls between bins: within 0.05 LU.
/// </summary>
internal sealed class GatedBlocks
{
    public const double AbsoluteGate = -70;
    private const double RelativeGate = -10;
    private const double BinWidth = 0.1;
    private const double Top = 10;
    private static readonly int Bins = (int)((Top - AbsoluteGate) / BinWidth);

    private readonly double[] _energy = new double[Bins];
    private readonly int[] _count = new int[Bins];
    private double _totalEnergy;
    private int _total;

    /// <summary>Blocks at or above the absolute gate.</summary>
    public int Count => _total;

    /// <summary>Adds one block by its mean square (K-weighted).</summary>
    public void Add(double meanSquare)
    {
        var loudness = Lufs(meanSquare);
        if (loudness < AbsoluteGate)
        {
            return;
        }

        var bin = Math.Min(Bins - 1, (int)((loudness - AbsoluteGate) / BinWidth));
        _energy[bin] += meanSquare;
        _count[bin]++;
        _totalEnergy += meanSquare;
        _total++;
    }

    /// <summary>Integrated loudness in LUFS, and how many blocks passed both gates; −∞ and 0 when none did.</summary>
    public (double Lufs, int Blocks) Integrated()
    {
        if (_total == 0)
        {
            return (double.NegativeInfinity, 0);
        }

        var threshold = Lufs(_totalEnergy / _total) + RelativeGate;
        double energy = 0;
        var blocks = 0;
        for (var bin = 0; bin < Bins; bin++)
        {
            if (_count[bin] > 0 && AbsoluteGate + (bin + 0.5) * BinWidth >= threshold)
            {
                energy += _energy[bin];
                blocks += _count[bin];
            }
        }

        return blocks == 0 ? (double.NegativeInfinity, 0) : (Lufs(energy / blocks), blocks);
    }

    public static double Lufs(double meanSquare) => -0.691 + 10 * Math.Log10(meanSquare);
}
