namespace WaQup.Providers.Audio.Beds;

/// <summary>
/// A low chord that breathes: a root the seed picks (G2 to C3), its fifth, octave, twelfth and double octave, each
/// partial two sines a fraction of a hertz apart (a slow beating) whose loudness drifts on a wave of its own.
/// </summary>
internal sealed class DroneBed : SoundBed
{
    // Brings the bed to ReferenceLufs (measured over seeds by SoundBedTests).
    private const double Calibration = 0.1220;

    private static readonly double[] Roots = [98.00, 110.00, 116.54, 130.81];
    private static readonly (double Ratio, double Level)[] Partials = [(1, 1.0), (1.5, 0.5), (2, 0.55), (3, 0.22), (4, 0.12)];

    private readonly Oscillator[] _low;
    private readonly Oscillator[] _high;
    private readonly Oscillator[] _drift;

    public DroneBed(int seed, int sampleRate)
        : base(sampleRate)
    {
        var random = new BedRandom(seed);
        var root = random.Pick(Roots);
        _low = new Oscillator[Partials.Length];
        _high = new Oscillator[Partials.Length];
        _drift = new Oscillator[Partials.Length];
        for (var p = 0; p < Partials.Length; p++)
        {
            var frequency = root * Partials[p].Ratio;
            var beat = random.Between(0.05, 0.25);
            _low[p] = new Oscillator(frequency - beat / 2, random.Between(0, 2 * Math.PI), sampleRate);
            _high[p] = new Oscillator(frequency + beat / 2, random.Between(0, 2 * Math.PI), sampleRate);
            _drift[p] = new Oscillator(1 / random.Between(8, 21), random.Between(0, 2 * Math.PI), sampleRate);
        }
    }

    public override void Render(Span<float> output)
    {
        for (var i = 0; i < output.Length; i++)
        {
            double sum = 0;
            for (var p = 0; p < Partials.Length; p++)
            {
                var level = Partials[p].Level * (0.7 + 0.3 * _drift[p].Next());
                sum += level * (_low[p].Next() + _high[p].Next());
            }

            output[i] = (float)(sum * Calibration);
        }

        for (var p = 0; p < Partials.Length; p++)
        {
            _low[p].Renormalise();
            _high[p].Renormalise();
            _drift[p].Renormalise();
        }
    }
}
