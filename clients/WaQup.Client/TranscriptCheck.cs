namespace WaQup.Client;

/// <summary>How far a transcript is from the words that were said: word edits, after case and punctuation are set aside.</summary>
public static class TranscriptCheck
{
    /// <summary>Lower case words, punctuation dropped ("Yes, please." and "yes please" are the same words).</summary>
    public static string[] Words(string text) =>
        new string([.. text.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) || c == '\'' ? c : ' ')])
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Words substituted, dropped or added (the Levenshtein distance over words) to turn the expected words into those heard.</summary>
    public static int WordErrors(string expected, string heard)
    {
        var said = Words(expected);
        var got = Words(heard);
        var previous = Enumerable.Range(0, got.Length + 1).ToArray();
        var current = new int[got.Length + 1];
        for (var i = 1; i <= said.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= got.Length; j++)
            {
                var substitution = previous[j - 1] + (said[i - 1] == got[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[got.Length];
    }
}
