namespace WaQup.Providers.Audio;

/// <summary>The pieces of a Kaiser-windowed sinc filter, shared by the resampler and the true-peak oversampler.</summary>
internal static class WindowedSinc
{
    public static double Sinc(double x) => x == 0 ? 1 : Math.Sin(Math.PI * x) / (Math.PI * x);

    /// <summary>The Kaiser window at <paramref name="x"/> in [-1, 1] (0 outside).</summary>
    public static double Kaiser(double x, double beta) =>
        Math.Abs(x) > 1 ? 0 : BesselI0(beta * Math.Sqrt(1 - x * x)) / BesselI0(beta);

    // The power series of the modified Bessel function of the first kind, order zero, to double precision.
    private static double BesselI0(double x)
    {
        var sum = 1.0;
        var term = 1.0;
        var quarterSquare = x * x / 4;
        for (var k = 1; term > sum * 1e-17; k++)
        {
            term *= quarterSquare / ((double)k * k);
            sum += term;
        }

        return sum;
    }
}
