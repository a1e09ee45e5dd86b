namespace WaQup.Providers.Content;

/// <summary>
/// Turns the verbs people use about what happened to them back into the form a topic needs: "broke" → "break" (so
/// "I broke up with him" becomes "breaking up with him", never "broking up"), "yells" or "yelled" → "yell" (so "my
/// boss yelled at me" becomes "my boss yelling at me"). Only verbs listed here are recognised after a noun, because a
/// word ending in "s" or "ed" after a noun is as often another noun ("my job interviews").
/// </summary>
internal static class VerbForms
{
    private static readonly Dictionary<string, string> Irregular = new(StringComparer.Ordinal)
    {
        ["broke"] = "break", ["went"] = "go", ["left"] = "leave", ["told"] = "tell", ["said"] = "say", ["got"] = "get",
        ["took"] = "take", ["made"] = "make", ["gave"] = "give", ["came"] = "come", ["fell"] = "fall", ["ran"] = "run",
        ["began"] = "begin", ["forgot"] = "forget", ["found"] = "find", ["felt"] = "feel", ["kept"] = "keep", ["sent"] = "send",
        ["fought"] = "fight", ["drove"] = "drive", ["wrote"] = "write", ["spoke"] = "speak", ["threw"] = "throw",
        ["hit"] = "hit", ["hurt"] = "hurt", ["quit"] = "quit", ["put"] = "put", ["cut"] = "cut", ["let"] = "let",
        ["shut"] = "shut", ["split"] = "split", ["bit"] = "bite", ["stole"] = "steal", ["sold"] = "sell", ["bought"] = "buy",
        ["thought"] = "think", ["brought"] = "bring", ["caught"] = "catch", ["taught"] = "teach", ["won"] = "win",
        ["moved"] = "move", ["did"] = "do", ["had"] = "have", ["saw"] = "see", ["met"] = "meet", ["lied"] = "lie",
        ["died"] = "die", ["tried"] = "try", ["cried"] = "cry", ["married"] = "marry", ["worried"] = "worry",
    };

    /// <summary>Verbs that may follow a person or a thing ("my boss", "my back") and say what it did.</summary>
    private static readonly HashSet<string> AfterANoun = new(StringComparer.Ordinal)
    {
        "start", "yell", "shout", "scream", "leave", "hurt", "cheat", "ignore", "criticise", "criticize", "call", "move",
        "begin", "end", "fight", "argue", "come", "go", "visit", "get", "say", "tell", "break", "lose", "fall", "treat",
        "hate", "forget", "retire", "graduate", "arrive", "happen", "drive", "push", "pressure", "nag", "bully", "mock",
        "judge", "blame", "reject", "dump", "fire", "sack", "quit", "ache", "throb", "ruin", "expect", "want", "need",
        "keep", "make", "take", "give", "send", "refuse", "stop", "die", "cry", "worry", "snap", "lie", "steal",
    };

    /// <summary>The plain form of a past or present verb ("broke" → "break", "yelled" → "yell", "starts" → "start"), or the word itself.</summary>
    public static string Base(string verb)
    {
        if (Irregular.TryGetValue(verb, out var irregular))
        {
            return irregular;
        }

        foreach (var candidate in Candidates(verb))
        {
            if (AfterANoun.Contains(candidate))
            {
                return candidate;
            }
        }

        return verb;
    }

    /// <summary>True when <paramref name="word"/> is a past or present form ("yelled", "starts", "left") of a verb that may follow a noun.</summary>
    public static bool IsFiniteAfterANoun(string word) =>
        (Irregular.TryGetValue(word, out var irregular) && AfterANoun.Contains(irregular))
        || Candidates(word).Any(AfterANoun.Contains);

    /// <summary>What a regular "-s" or "-ed" form could come from: "yelled" → "yell", "moved" → "move", "stopped" → "stop", "pushes" → "push".</summary>
    private static IEnumerable<string> Candidates(string word)
    {
        if (word.EndsWith("ed", StringComparison.Ordinal) && word.Length > 4)
        {
            yield return word[..^2];
            yield return word[..^1];
            if (word.Length > 5 && word[^3] == word[^4])
            {
                yield return word[..^3];
            }
        }
        else if (word.EndsWith("es", StringComparison.Ordinal) && word.Length > 3)
        {
            yield return word[..^2];
            yield return word[..^1];
        }
        else if (word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) && word.Length > 3)
        {
            yield return word[..^1];
        }
    }
}
