namespace WaQup.Providers.Recognition.Embedded;

/// <summary>PocketSphinx's arguments, as name and value pairs in its spelling (<c>-beam</c>, <c>1e-60</c>).</summary>
internal static class DecoderArguments
{
    /// <summary>
    /// The project's arguments with the configured ones laid over them: a name given again replaces the value (PocketSphinx
    /// itself refuses a name twice), a new name is added.
    /// </summary>
    /// <exception cref="RecognitionSetupException">The configured arguments are not name and value pairs.</exception>
    public static string[] Merge(IReadOnlyList<string> defaults, IReadOnlyList<string> configured)
    {
        if (configured.Count % 2 != 0)
        {
            throw new RecognitionSetupException($"Recognition:PocketSphinx:ExtraArguments must be pairs of a name and a value; got {configured.Count} items: {string.Join(' ', configured)}");
        }

        var merged = defaults.ToList();
        for (var i = 0; i < configured.Count; i += 2)
        {
            var name = configured[i];
            if (!name.StartsWith('-'))
            {
                throw new RecognitionSetupException($"Recognition:PocketSphinx:ExtraArguments: \"{name}\" is not an argument name (they begin with '-', as in -beam)");
            }

            var at = IndexOfName(merged, name);
            if (at >= 0)
            {
                merged[at + 1] = configured[i + 1];
            }
            else
            {
                merged.Add(name);
                merged.Add(configured[i + 1]);
            }
        }

        return [.. merged];
    }

    private static int IndexOfName(List<string> arguments, string name)
    {
        for (var i = 0; i + 1 < arguments.Count; i += 2)
        {
            if (string.Equals(arguments[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
