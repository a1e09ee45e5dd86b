namespace WaQup.Providers.Content;

/// <summary>The ways people say yes and no, matched against a whole utterance.</summary>
internal static class ConfirmationPhrases
{
    private static readonly string[] Yes =
    [
        "yes", "yeah", "yep", "yup", "ya", "yea", "aye", "sure", "sure thing", "ok", "okay", "k", "alright", "all right",
        "please do", "go ahead", "go on", "sounds good", "sounds great", "sounds perfect", "that sounds good",
        "let's do it", "lets do it", "let's do that", "let's go", "lets go", "do it", "go for it", "absolutely",
        "of course", "definitely", "certainly", "perfect", "great", "fine", "that's fine", "that works", "why not",
        "confirm", "confirmed", "correct", "that's right", "right", "i do", "make it", "yes please",
    ];

    private static readonly string[] No =
    [
        "no", "nope", "nah", "no thanks", "no thank you", "not now", "not yet", "not really", "not today", "cancel",
        "cancel it", "cancel that", "stop", "don't", "dont", "do not", "don't do it", "never mind", "nevermind",
        "forget it", "no way", "maybe later", "not interested", "i don't", "i don't want it", "i don't think so",
        "i changed my mind", "changed my mind", "i've changed my mind",
    ];

    private static readonly string[] Neutral =
    [
        "please", "thanks", "thank you", "then", "oh", "um", "uh", "er", "erm", "well", "so", "just", "really",
    ];

    private static readonly (string[] Words, int Polarity)[] Phrases =
    [
        .. Yes.Select(p => (p.Split(' '), 1))
            .Concat(No.Select(p => (p.Split(' '), -1)))
            .Concat(Neutral.Select(p => (p.Split(' '), 0)))
            .OrderByDescending(p => p.Item1.Length),
    ];

    /// <summary>True when every word belongs to a yes, false when every word belongs to a no, null otherwise.</summary>
    public static bool? Parse(IReadOnlyList<string> words)
    {
        if (words.Count == 0)
        {
            return null;
        }

        if (words is ["please"])
        {
            return true;
        }

        var (yes, no) = (0, 0);
        for (var i = 0; i < words.Count;)
        {
            var match = Phrases.FirstOrDefault(p => Matches(words, i, p.Words));
            if (match.Words is null)
            {
                // Anything else ("yes, but shorter") is a new request, not an answer.
                return null;
            }

            yes += match.Polarity > 0 ? 1 : 0;
            no += match.Polarity < 0 ? 1 : 0;
            i += match.Words.Length;
        }

        return (yes, no) switch
        {
            ( > 0, 0) => true,
            (0, > 0) => false,
            _ => null,
        };
    }

    private static bool Matches(IReadOnlyList<string> words, int start, string[] phrase)
    {
        if (start + phrase.Length > words.Count)
        {
            return false;
        }

        for (var j = 0; j < phrase.Length; j++)
        {
            if (words[start + j] != phrase[j])
            {
                return false;
            }
        }

        return true;
    }
}
