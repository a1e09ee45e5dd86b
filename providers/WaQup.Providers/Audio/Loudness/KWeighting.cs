namespace WaQup.Providers.Audio.Loudness;

/// <summary>
/// The K-weighting of ITU-R BS.1770: a high shelf (+4 dB above about 1.7 kHz, the head's effect) followed by a
/// high-pass at about 38 Hz (the RLB curve). Coefficients are derived from the analogue prototypes for any sample
/// rate, the way libebur128 does, and match the standard's tabulated ones at 48 kHz.
/// </summary>
internal sealed class KWeighting
{
    private Biquad _shelf;
    private Biquad _highPass;

    public KWeighting(int sampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        {
            const double f0 = 1681.974450955533, gainDb = 3.999843853973347, q = 0.7071752369554196;
            var k = Math.Tan(Math.PI * f0 / sampleRate);
            var vh = Math.Pow(10, gainDb / 20);
            var vb = Math.Pow(vh, 0.4996667741545416);
            var a0 = 1 + k / q + k * k;
            _shelf = new Biquad(
                (vh + vb * k / q + k * k) / a0,
                2 * (k * k - vh) / a0,
                (vh - vb * k / q + k * k) / a0,
                2 * (k * k - 1) / a0,
                (1 - k / q + k * k) / a0);
        }

        {
            const double f0 = 38.13547087602444, q = 0.5003270373238773;
            var k = Math.Tan(Math.PI * f0 / sampleRate);
            var a0 = 1 + k / q + k * k;
            _highPass = new Biquad(1, -2, 1, 2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0);
        }
    }

    public double Process(double x) => _highPass.Process(_shelf.Process(x));
}
