namespace WaQup.Providers.Content;

/// <summary>The arithmetic of pacing: how long a sentence takes to say, and how to share out silence.</summary>
internal static class Pacing
{
    public static int SpeechMs(string text) => Words(text) * 60_000 / BuiltInScriptWriter.WordsPerMinute;

    public static int Words(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    /// <summary>Splits <paramref name="totalMs"/> in proportion to <paramref name="weights"/>; the parts add up exactly.</summary>
    public static int[] Share(int totalMs, IReadOnlyList<double> weights)
    {
        var parts = new int[weights.Count];
        var sum = weights.Sum();
        if (parts.Length == 0 || totalMs <= 0 || sum <= 0)
        {
            return parts;
        }

        var given = 0;
        var running = 0.0;
        for (var i = 0; i < parts.Length; i++)
        {
            // Rounding the running total, not each part, keeps the error below one millisecond overall.
            running += weights[i];
            var upTo = (int)Math.Round(totalMs * running / sum);
            parts[i] = upTo - given;
            given = upTo;
        }

        return parts;
    }
}
