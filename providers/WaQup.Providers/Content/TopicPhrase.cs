using System.Text.RegularExpressions;

namespace WaQup.Providers.Content;

/// <summary>A person's topic turned into phrases that read well inside a sentence, in first and second person.</summary>
internal sealed partial class TopicPhrase
{
    /// <summary>What the script talks about when the person gave no topic.</summary>
    public const string General = "this moment";

    private static readonly Dictionary<string, string> NounForms = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sleep"] = "sleep",
        ["sleeping"] = "sleep",
        ["rest"] = "rest",
        ["resting"] = "rest",
        ["focus"] = "focus",
        ["focusing"] = "focus",
        ["concentrate"] = "concentration",
        ["relax"] = "relaxation",
        ["relaxing"] = "relaxation",
        ["calm"] = "calm",
        ["calming"] = "calm",
        ["soothing"] = "calm",
        ["chill"] = "calm",
    };

    private static readonly HashSet<string> Empty = new(StringComparer.OrdinalIgnoreCase)
    {
        "it", "that", "this", "me", "myself", "something", "anything", "one", "stuff", "things", "everything",
        "nothing", "yes", "no", "ok", "okay", "please", "thanks", "whatever", "anything else", "something else", "the", "a",
        "an", "some", "with", "in", "for", "about", "to", "of", "and", "or",
    };

    private static readonly (Theme Theme, Regex Pattern)[] ThemePatterns =
    [
        (Theme.Sleep, SleepWords()),
        (Theme.Calm, CalmWords()),
        (Theme.Focus, FocusWords()),
        (Theme.Confidence, ConfidenceWords()),
        (Theme.Energy, EnergyWords()),
        (Theme.Kindness, KindnessWords()),
    ];

    private TopicPhrase(string firstPerson, string secondPerson, IReadOnlyList<Theme> themes, bool isGeneral)
    {
        IsEvent = !isGeneral && EventStart().IsMatch(firstPerson);
        FirstPerson = firstPerson;
        SecondPerson = secondPerson;
        Themes = themes;
        IsGeneral = isGeneral;
    }

    /// <summary>As the person would say it: "my exam tomorrow".</summary>
    public string FirstPerson { get; }

    /// <summary>As the guide says it back: "your exam tomorrow".</summary>
    public string SecondPerson { get; }

    public IReadOnlyList<Theme> Themes { get; }

    public bool IsGeneral { get; }

    /// <summary>Something that will happen ("my exam tomorrow"), as opposed to a feeling, a wish or an activity ("calm", "starting my day").</summary>
    public bool IsEvent { get; }

    public static TopicPhrase From(string? raw)
    {
        var text = Normalise(raw ?? string.Empty);
        if (text.Length == 0)
        {
            return new TopicPhrase(General, General, [Theme.Calm, Theme.Kindness], true);
        }

        text = LowerSentenceCapital(text);
        List<Theme> themes = [.. ThemePatterns.Where(t => t.Pattern.IsMatch(text)).Select(t => t.Theme)];
        if (themes.Count == 0)
        {
            themes.Add(Theme.Kindness);
        }

        return new TopicPhrase(ToFirstPerson(text), ToSecondPerson(text), themes, false);
    }

    /// <summary>
    /// Turns what someone said about their need into a phrase that fits after "about" or "for":
    /// "to calm me down before my exam" becomes "calm before my exam", "I can't sleep" becomes "sleep",
    /// "to start my day with energy" becomes "starting my day with energy". Empty when nothing meaningful is left.
    /// </summary>
    public static string Normalise(string raw)
    {
        var text = Spaces().Replace(raw.Replace('\u2019', '\'').Replace('\u2018', '\''), " ");
        text = EdgePunctuation().Replace(text, string.Empty);
        var verbFirst = false;
        for (var pass = 0; pass < 12 && text.Length > 0; pass++)
        {
            var before = text;
            if (NounConnector().Match(text) is { Success: true } noun)
            {
                text = text[noun.Length..];
            }
            else if (VerbConnector().Match(text) is { Success: true } verb)
            {
                text = text[verb.Length..];
                verbFirst = true;
                break;
            }
            else if (LeadingFiller().Match(text) is { Success: true } filler)
            {
                text = text[filler.Length..];
            }
            else if (Placeholder().Match(text) is { Success: true } placeholder)
            {
                text = text[placeholder.Length..];
            }
            else if (HavingClause().Match(text) is { Success: true } having)
            {
                // "I have an exam tomorrow" is about "my exam tomorrow".
                text = text[having.Length..];
                text = IndefiniteArticle().Replace(text, "my ", 1);
            }
            else if (FirstPersonClause().Match(text) is { Success: true } clause)
            {
                text = text[clause.Length..];
                verbFirst = true;
                break;
            }
            else if (FeelingClause().Match(text) is { Success: true } feeling)
            {
                // "I'm nervous about it" reads as "feeling nervous about it"; "I'm having a hard day" needs no help.
                var rest = text[feeling.Length..];
                var firstWord = rest.Split(' ')[0];
                text = firstWord.EndsWith("ing", StringComparison.OrdinalIgnoreCase) && !firstWord.Equals("feeling", StringComparison.OrdinalIgnoreCase)
                    ? rest
                    : "feeling " + rest;
                break;
            }

            text = EdgePunctuation().Replace(text, string.Empty);
            if (text == before)
            {
                break;
            }
        }

        if (verbFirst)
        {
            text = NounFromVerbPhrase(text);
        }
        else if (!text.Contains(' ', StringComparison.Ordinal) && NounForms.TryGetValue(text, out var single))
        {
            text = single;
        }

        for (var pass = 0; pass < 6; pass++)
        {
            var trimmed = EdgePunctuation().Replace(TrailingOrphan().Replace(TrailingFiller().Replace(text, string.Empty), string.Empty), string.Empty);
            if (trimmed == text)
            {
                break;
            }

            text = trimmed;
        }

        text = FirstPersonPronoun().Replace(text, m => "I" + m.Value[1..]);
        return Empty.Contains(text) ? string.Empty : text;
    }

    public static string Capitalise(string text) =>
        text.Length == 0 || char.IsUpper(text[0]) ? text : char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>"start" → "starting", "get" → "getting", "breathe" → "breathing".</summary>
    public static string Gerund(string verb)
    {
        var v = verb.ToLowerInvariant();
        if (v.EndsWith("ing", StringComparison.Ordinal) && v.Length > 5)
        {
            return verb;
        }

        if (v is "be" or "see" or "flee" or "agree" or "free")
        {
            return verb + "ing";
        }

        if (v.EndsWith("ie", StringComparison.Ordinal))
        {
            return verb[..^2] + "ying";
        }

        if (v.EndsWith('e') && v.Length > 2 && !v.EndsWith("ee", StringComparison.Ordinal) && !v.EndsWith("oe", StringComparison.Ordinal) && !v.EndsWith("ye", StringComparison.Ordinal))
        {
            return verb[..^1] + "ing";
        }

        return DoublesFinalConsonant(v) ? verb + verb[^1] + "ing" : verb + "ing";
    }

    private static string NounFromVerbPhrase(string text)
    {
        if (CalmDown().Match(text) is { Success: true } calm)
        {
            return ("calm " + text[calm.Length..]).TrimEnd();
        }

        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (words.Count == 0 || Determiner().IsMatch(words[0]))
        {
            return text;
        }

        // "help me sleep" is about sleep, but "comparing myself to others" keeps its "myself".
        if (words.Count > 1 && words[1] is "me" or "myself" or "us" or "ourselves" && !words[0].EndsWith("ing", StringComparison.Ordinal))
        {
            words.RemoveAt(1);
        }

        if (words.Count == 1 && NounForms.TryGetValue(words[0], out var noun))
        {
            return noun;
        }

        // "I broke up with him" is about "breaking up with him".
        words[0] = Gerund(VerbForms.Base(words[0]));
        return string.Join(' ', words);
    }

    private static bool DoublesFinalConsonant(string v)
    {
        // One-syllable verbs ending consonant-vowel-consonant double it: stop → stopping, but open → opening.
        const string vowels = "aeiou";
        // The u of "qu" is a consonant: quit → quitting, like skip → skipping.
        v = v.Replace("qu", "qw", StringComparison.Ordinal);
        if (v.Length < 3 || "wxy".Contains(v[^1]) || vowels.Contains(v[^1]) || !vowels.Contains(v[^2]) || vowels.Contains(v[^3]))
        {
            return false;
        }

        var groups = 0;
        for (var i = 0; i < v.Length; i++)
        {
            if (vowels.Contains(v[i]) && (i == 0 || !vowels.Contains(v[i - 1])))
            {
                groups++;
            }
        }

        return groups == 1;
    }

    private static string LowerSentenceCapital(string text)
    {
        // Topics often arrive with a sentence's capital ("My exam"); a spelled-out acronym or "I" keeps its case.
        var first = text.Split(' ')[0];
        var keep = first == "I" || first.StartsWith("I'", StringComparison.Ordinal) || (first.Length > 1 && first.All(c => !char.IsLetter(c) || char.IsUpper(c)));
        return keep ? text : char.ToLowerInvariant(text[0]) + text[1..];
    }

    private static string ToSecondPerson(string text) => FirstPersonWords().Replace(text, m => m.Value.ToLowerInvariant() switch
    {
        "i'm" => "you're",
        "i am" => "you are",
        "i've" => "you've",
        "i'll" => "you'll",
        "i'd" => "you'd",
        "i" => "you",
        "my" => "your",
        "me" => "you",
        "myself" => "yourself",
        "mine" => "yours",
        _ => m.Value,
    });

    private static string ToFirstPerson(string text) => SecondPersonWords().Replace(text, m => m.Value.ToLowerInvariant() switch
    {
        "you're" => "I'm",
        "you are" => "I am",
        "you've" => "I've",
        "you'll" => "I'll",
        "you'd" => "I'd",
        "yourself" => "myself",
        "yours" => "mine",
        "your" => "my",
        "you" => "me",
        _ => m.Value,
    });

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"^(?:(?:my|your|the|a|an|this|that|our|his|her|their|tomorrow's|today's|tonight's|next|upcoming)\s|(?:exam|exams|test|interview|presentation|meeting|wedding|flight|surgery|appointment|competition|race|match|game|performance|speech|date|move|trip|first day)\b)", RegexOptions.IgnoreCase)]
    private static partial Regex EventStart();

    [GeneratedRegex(@"^[\s""'.,!?;:()\-]+|[\s"".,!?;:()\-]+$")]
    private static partial Regex EdgePunctuation();

    [GeneratedRegex(@"^(?:please|so|and|but|just|also|well|um+|uh+|er|hmm+|ok|okay|hey|hi|hello|now|then|actually|maybe|really)\b[\s,]*", RegexOptions.IgnoreCase)]
    private static partial Regex LeadingFiller();

    [GeneratedRegex(@"^(?:(?:a\s+little\s+|some\s+)?something|anything)(?:\s+(?:short|quick|little|brief|small|simple|gentle|nice|new|different|else))*(?:\s+|$)", RegexOptions.IgnoreCase)]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^(?:to\s+help\s+me\s+with|to\s+help\s+with|help\s+me\s+with|help\s+with|help(?=\s+[a-z]+ing\b)|that\s+is\s+about|that's\s+about|it's\s+about|it\s+is\s+about|all\s+about|for\s+me|for|about|on|around|regarding|concerning|with|of)\s+|^to\s+(?=(?:my|the|a|an|your|our|this|that|these|those|his|her|their)\b)", RegexOptions.IgnoreCase)]
    private static partial Regex NounConnector();

    [GeneratedRegex(@"^(?:so\s+that\s+i\s+can|so\s+i\s+can|for\s+me\s+to|to\s+help\s+me|that\s+(?:will\s+|can\s+|would\s+)?helps?\s+me|that'll\s+help\s+me|which\s+helps\s+me|to\s+get\s+me\s+to|get\s+me\s+to|to\s+make\s+me|make\s+me|to\s+let\s+me|let\s+me|help\s+me\s+to|help\s+me|to\s+help|to)\s+", RegexOptions.IgnoreCase)]
    private static partial Regex VerbConnector();

    [GeneratedRegex(@"^i(?:'m|\s+am)\s+(?:feeling\s+)?|^i\s+(?:feel|am\s+feeling)\s+", RegexOptions.IgnoreCase)]
    private static partial Regex FeelingClause();

    [GeneratedRegex(@"^i(?:'ve|\s+have)(?:\s+got)?\s+(?=(?:a|an|my|the|this|some|so\s+much|too\s+much|lots\s+of|no)\b)", RegexOptions.IgnoreCase)]
    private static partial Regex HavingClause();

    [GeneratedRegex(@"^i(?:'m|\s+am)\s+(?:unable\s+to|trying\s+to|going\s+to|about\s+to|struggling\s+to|hoping\s+to)\s+|^i'd\s+like\s+to\s+|^i\s+(?:can't\s+stop|cant\s+stop|cannot\s+stop|can\s+not\s+stop|can't|cant|cannot|can\s+not|couldn't|struggle\s+to|find\s+it\s+hard\s+to|want\s+to|need\s+to|would\s+like\s+to|wanna|have\s+to|hope\s+to|keep|have\s+trouble|have\s+a\s+hard\s+time|never|can|could|should|must|might|may)\s+|^i\s+(?!am\b)(?=[a-z]+\s)", RegexOptions.IgnoreCase)]
    private static partial Regex FirstPersonClause();

    [GeneratedRegex(@"(?:^|[\s,]+)(?:please|thanks|thank\s+you|for\s+me|right\s+now|now|if\s+you\s+can|if\s+possible|if\s+you\s+could|ok|okay|instead|then|again|too|as\s+well|maybe|perhaps)$", RegexOptions.IgnoreCase)]
    private static partial Regex TrailingFiller();

    [GeneratedRegex(@"\s+(?:and|or|with|for|about|to|of|in|on|at|the|a|an|my|your|but|so|that|which)$", RegexOptions.IgnoreCase)]
    private static partial Regex TrailingOrphan();

    [GeneratedRegex(@"\bi(?='(?:m|ve|ll|d)\b|\b)")]
    private static partial Regex FirstPersonPronoun();

    [GeneratedRegex(@"^an?\s+", RegexOptions.IgnoreCase)]
    private static partial Regex IndefiniteArticle();

    [GeneratedRegex(@"^calm(?:\s+(?:me|myself|us|you|yourself))?(?:\s+down)?\b\s*", RegexOptions.IgnoreCase)]
    private static partial Regex CalmDown();

    [GeneratedRegex(@"^(?:my|the|a|an|your|our|this|that|these|those|his|her|their|some)$", RegexOptions.IgnoreCase)]
    private static partial Regex Determiner();

    [GeneratedRegex(@"\b(?:I'm|I\s+am|I've|I'll|I'd|I|my|me|myself|mine)\b", RegexOptions.IgnoreCase)]
    private static partial Regex FirstPersonWords();

    [GeneratedRegex(@"\b(?:you're|you\s+are|you've|you'll|you'd|yourself|yours|your|you)\b", RegexOptions.IgnoreCase)]
    private static partial Regex SecondPersonWords();

    [GeneratedRegex(@"\b(?:sleep|asleep|insomnia|bed|night|tired|dream|rest\b|restless)", RegexOptions.IgnoreCase)]
    private static partial Regex SleepWords();

    [GeneratedRegex(@"\b(?:calm|anxi|stress|worr|nervous|panic|overwhelm|relax|peace|tension|tense|fear|scared|afraid|unwind|wind(?:ing)?\s+down)", RegexOptions.IgnoreCase)]
    private static partial Regex CalmWords();

    [GeneratedRegex(@"\b(?:exam|test|study|studying|focus|concentrat|revision|revis|deadline|homework|learn|school|universit|college)", RegexOptions.IgnoreCase)]
    private static partial Regex FocusWords();

    [GeneratedRegex(@"\b(?:confiden|work\b|job|interview|presentation|meeting|speak|public|boss|career|self-esteem|brave|courage|perform)", RegexOptions.IgnoreCase)]
    private static partial Regex ConfidenceWords();

    [GeneratedRegex(@"\b(?:morning|energy|energi|motivat|wake|waking|start|productiv|day\b)", RegexOptions.IgnoreCase)]
    private static partial Regex EnergyWords();

    [GeneratedRegex(@"\b(?:love|kind|gratitude|grateful|thank|heal|grief|griev|body|worth|self|compassion|forgiv)", RegexOptions.IgnoreCase)]
    private static partial Regex KindnessWords();
}
