namespace WaQup.Providers.Content;

/// <summary>A small SplitMix64 generator whose sequence is fixed by its seed.</summary>
/// <remarks>
/// Not <see cref="Random"/>: its seeded sequence is an implementation detail of the runtime, and a saved ritual must
/// read the same after an upgrade.
/// </remarks>
internal sealed class SeededRandom(int seed)
{
    // The seed is scrambled before use: plain multiples of the increment put nearby seeds on the same sequence,
    // a few steps apart, and their scripts would share most of their choices.
    private ulong _state = Mix(unchecked((ulong)(uint)seed + 0xD1B5_4A32_D192_ED03UL));

    public int Next(int maxExclusive) => maxExclusive <= 1 ? 0 : (int)(NextULong() % (ulong)maxExclusive);

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    public List<T> Shuffle<T>(IEnumerable<T> items)
    {
        var list = items.ToList();
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }

        return list;
    }

    private ulong NextULong() => Mix(_state = unchecked(_state + 0x9E37_79B9_7F4A_7C15UL));

    private static ulong Mix(ulong z)
    {
        unchecked
        {
            z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EBUL;
            return z ^ (z >> 31);
        }
    }
}
