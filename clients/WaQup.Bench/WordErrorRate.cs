using System.Text;

namespace WaQup.Bench;

/// <summary>
/// Word error rate, as speech recognition reports it: the fewest substitutions, deletions and insertions (word-level
/// Levenshtein) that turn the reference into the transcript, divided by the reference's words. Both sides are
/// normalised first, so only words count: lower case; every character but letters, digits and apostrophes becomes a
/// space (a hyphen too: "twenty-five" is "twenty five"); a word's outer apostrophes go; contractions are spelled out
/// ("i'm" is "i am", "don't" is "do not", "can't" is "can not", "let's" is "let us"; a possessive such as "woman's"
/// stays one word); "ok" is "okay", "alright" is "all right" and "cannot" is "can not", the recogniser's vocabulary
/// having both spellings.
/// </summary>
public static class WordErrorRate
{
    private static readonly Dictionary<string, string> Spelled = new(StringComparer.Ordinal)
    {
        ["ok"] = "okay",
        ["alright"] = "all right",
        ["cannot"] = "can not",
        ["can't"] = "can not",
        ["won't"] = "will not",
        ["shan't"] = "shall not",
        ["let's"] = "let us",
    };

    /// <summary>Words whose "'s" is "is" ("it's"); on any other word it is a possessive and stays.</summary>
    private static readonly HashSet<string> IsContracted = new(StringComparer.Ordinal)
    {
        "it", "that", "what", "there", "here", "he", "she", "who", "where", "how", "when", "why", "this",
    };

    private static readonly (string Suffix, string Word)[] Endings =
    [
        ("n't", "not"), ("'m", "am"), ("'re", "are"), ("'ve", "have"), ("'ll", "will"), ("'d", "would"),
    ];

    public static WordErrors Compare(string reference, string transcript) => Compare(Normalise(reference), Normalise(transcript));

    public static WordErrors Compare(IReadOnlyList<string> reference, IReadOnlyList<string> transcript)
    {
        // One row of the edit table at a time, each cell carrying its path's three counts so the total can be split.
        var previous = new Cell[transcript.Count + 1];
        var current = new Cell[transcript.Count + 1];
        for (var j = 1; j <= transcript.Count; j++)
        {
            previous[j] = previous[j - 1] with { Insertions = j };
        }

        for (var i = 1; i <= reference.Count; i++)
        {
            current[0] = new Cell(0, i, 0);
            for (var j = 1; j <= transcript.Count; j++)
            {
                var diagonal = previous[j - 1];
                var same = string.Equals(reference[i - 1], transcript[j - 1], StringComparison.Ordinal);
                var best = same ? diagonal : diagonal with { Substitutions = diagonal.Substitutions + 1 };
                var deletion = previous[j] with { Deletions = previous[j].Deletions + 1 };
                var insertion = current[j - 1] with { Insertions = current[j - 1].Insertions + 1 };
                if (deletion.Total < best.Total)
                {
                    best = deletion;
                }

                if (insertion.Total < best.Total)
                {
                    best = insertion;
                }

                current[j] = best;
            }

            (previous, current) = (current, previous);
        }

        var end = previous[transcript.Count];
        return new WordErrors(end.Substitutions, end.Deletions, end.Insertions, reference.Count);
    }

    /// <summary>The words of <paramref name="text"/> as they are compared (see the type's summary).</summary>
    public static IReadOnlyList<string> Normalise(string text)
    {
        var cleaned = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            cleaned.Append(char.IsLetterOrDigit(c) ? c : c is '\'' or '’' ? '\'' : ' ');
        }

        var words = new List<string>();
        foreach (var token in cleaned.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var word = token.Trim('\'');
            if (word.Length > 0)
            {
                words.AddRange(SpellOut(word).Split(' '));
            }
        }

        return words;
    }

    private static string SpellOut(string word)
    {
        if (Spelled.TryGetValue(word, out var spelled))
        {
            return spelled;
        }

        if (word.EndsWith("'s", StringComparison.Ordinal) && IsContracted.Contains(word[..^2]))
        {
            return $"{word[..^2]} is";
        }

        foreach (var (suffix, full) in Endings)
        {
            if (word.EndsWith(suffix, StringComparison.Ordinal) && word.Length > suffix.Length)
            {
                return $"{word[..^suffix.Length]} {full}";
            }
        }

        return word;
    }

    private readonly record struct Cell(int Substitutions, int Deletions, int Insertions)
    {
        public int Total => Substitutions + Deletions + Insertions;
    }
}
