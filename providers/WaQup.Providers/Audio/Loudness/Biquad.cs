namespace WaQup.Providers.Audio.Loudness;

/// <summary>One second-order IIR section (transposed direct form II), with its state. Keep it in a field: it is mutable.</summary>
internal struct Biquad(double b0, double b1, double b2, double a1, double a2)
{
    private double _z1;
    private double _z2;

    public double Process(double x)
    {
        var y = b0 * x + _z1;
        _z1 = b1 * x - a1 * y + _z2;
        _z2 = b2 * x - a2 * y;
        return y;
    }
}
