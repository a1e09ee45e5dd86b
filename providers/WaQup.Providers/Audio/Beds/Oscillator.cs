namespace WaQup.Providers.Audio.Beds;

/// <summary>
/// A sine wave by rotating a phasor (four multiplications a sample, no <c>Math.Sin</c>); keep it in a field, it is
/// mutable. <see cref="Renormalise"/> once a frame keeps rounding from changing its amplitude.
/// </summary>
internal struct Oscillator
{
    private readonly double _cos;
    private readonly double _sin;
    private double _re;
    private double _im;

    public Oscillator(double frequency, double phase, int sampleRate)
    {
        var step = 2 * Math.PI * frequency / sampleRate;
        _cos = Math.Cos(step);
        _sin = Math.Sin(step);
        _re = Math.Cos(phase);
        _im = Math.Sin(phase);
    }

    public double Next()
    {
        var re = _re * _cos - _im * _sin;
        _im = _re * _sin + _im * _cos;
        _re = re;
        return _im;
    }

    public void Renormalise()
    {
        var magnitude = Math.Sqrt(_re * _re + _im * _im);
        if (magnitude == 0)
        {
            // Never started (a default value): stays silent.
            return;
        }

        var scale = 1 / magnitude;
        _re *= scale;
        _im *= scale;
    }
}
