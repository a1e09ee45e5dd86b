namespace WaQup.Providers.Audio.Beds;

/// <summary>SplitMix64: a small generator whose numbers depend on the seed alone, on every runtime and machine.</summary>
internal sealed class BedRandom(int seed)
{
    private ulong _state = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL + 0x632BE59BD9B4E019UL;

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [min, max).</summary>
    public double Between(double min, double max) => min + (max - min) * NextDouble();

    public T Pick<T>(IReadOnlyList<T> items) => items[(int)(NextDouble() * items.Count)];

    private ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
