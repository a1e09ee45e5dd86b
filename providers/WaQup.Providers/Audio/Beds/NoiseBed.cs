namespace WaQup.Providers.Audio.Beds;

/// <summary>
/// Soft noise like distant surf: pink noise (Paul Kellet's filter), darkened by two low-pass poles near 900 Hz and
/// rid of rumble below 40 Hz, swelling and ebbing with two slow waves whose periods come from the seed; or, when
/// <c>steady</c>, at one level (the air of a room, under another bed).
/// </summary>
internal sealed class NoiseBed : SoundBed
{
    // Brings the bed to ReferenceLufs (measured over seeds by SoundBedTests).
    private const double Calibration = 1.080;

    private readonly BedRandom _random;
    private readonly double _lowPass;
    private readonly double _highPass;
    private readonly bool _steady;
    private Oscillator _swell;
    private Oscillator _tide;
    private double _b0, _b1, _b2, _low1, _low2, _rumble;

    public NoiseBed(int seed, int sampleRate, bool steady = false)
        : base(sampleRate)
    {
        _random = new BedRandom(seed);
        _steady = steady;
        _lowPass = 1 - Math.Exp(-2 * Math.PI * 900 / sampleRate);
        _highPass = 1 - Math.Exp(-2 * Math.PI * 40 / sampleRate);
        _swell = new Oscillator(1 / _random.Between(7, 11), _random.Between(0, 2 * Math.PI), sampleRate);
        _tide = new Oscillator(1 / _random.Between(17, 26), _random.Between(0, 2 * Math.PI), sampleRate);
    }

    public override void Render(Span<float> output)
    {
        for (var i = 0; i < output.Length; i++)
        {
            var white = 2 * _random.NextDouble() - 1;
            _b0 = 0.99765 * _b0 + white * 0.0990460;
            _b1 = 0.96300 * _b1 + white * 0.2965164;
            _b2 = 0.57000 * _b2 + white * 1.0526913;
            var pink = (_b0 + _b1 + _b2 + white * 0.1848) * 0.2;
            _low1 += _lowPass * (pink - _low1);
            _low2 += _lowPass * (_low1 - _low2);
            _rumble += _highPass * (_low2 - _rumble);
            var level = _steady ? 0.55 : 0.55 + 0.3 * _swell.Next() + 0.15 * _tide.Next();
            output[i] = (float)((_low2 - _rumble) * level * Calibration);
        }

        _swell.Renormalise();
        _tide.Renormalise();
    }
}
