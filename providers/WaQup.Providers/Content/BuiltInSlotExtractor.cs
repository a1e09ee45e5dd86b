using System.Text.RegularExpressions;
using WaQup.Abstractions.Protocol;

namespace WaQup.Providers.Content;

/// <summary>The embedded slot extractor: rule-based understanding of ordinary requests, offline and instant.</summary>
/// <remarks>
/// Kind: the first kind word said wins (affirm, affirmation, mantra → affirmation; meditate, meditation, breathing,
/// visualisation, body scan, relax → meditation; ritual, routine, practice, habit → ritual). With no kind word, words
/// about calm, sleep or worry ("I can't sleep", "calm me down") suggest meditation, but only when no kind is known yet.
/// Topic: what is left once filler, the kind, the duration and the voice are taken out, turned into a phrase
/// ("to start my day with energy" → "starting my day with energy"). Duration: digits or words, minutes, hours,
/// "half an hour", "a quarter of an hour"; a bare number is minutes; clamped to 1–60. Voice: see <see cref="VoicePhrase"/>.
/// A pure yes or no carries no slots.
/// </remarks>
public sealed partial class BuiltInSlotExtractor : ISlotExtractor
{
    private static readonly HashSet<string> Modifiers =
    [
        "a", "an", "the", "some", "another", "one", "more", "short", "shorter", "quick", "little", "brief", "long", "longer",
        "nice", "simple", "gentle", "guided", "new", "good", "personal", "personalised", "personalized", "custom", "daily",
        "positive", "few", "small", "of", "me", "us", "my", "own", "different", "proper", "full", "whole", "with", "do",
        "try", "have", "get", "make",
    ];

    public SlotValues Extract(string utterance, SlotValues known)
    {
        ArgumentNullException.ThrowIfNull(known);
        if (string.IsNullOrWhiteSpace(utterance) || ParseConfirmation(utterance) is not null)
        {
            return known;
        }

        var text = Spaces().Replace(utterance.ToLowerInvariant().Replace('\u2019', '\'').Replace('\u2018', '\''), " ").Trim();
        var (voice, withoutVoice) = VoicePhrase.Extract(text);
        var (minutes, withoutDuration) = DurationPhrase.Extract(Words(withoutVoice));
        var (kind, _) = KindWords.Find(withoutDuration);
        // The need taken apart: the topic comes from the words about the thing itself, never the whole sentence. Its
        // commas are kept, since they part clauses ("can you help me sleep, my mind keeps racing").
        var need = NeedParts.Parse(DurationPhrase.Extract(Words(ClauseMarks().Replace(withoutVoice, " , "), keepCommas: true)).Remainder);
        var topic = need.About.Select(clause => TopicOf(clause, KindWords.Find(clause).Anchor)).FirstOrDefault(t => t is not null)
            ?? (need.Feeling is { } felt ? $"feeling {felt}" : null);
        if (kind is null && known.Kind is null && KindWords.SuggestsMeditation(withoutDuration))
        {
            kind = RitualKind.Meditation;
        }

        // A new topic brings its own moment (or none); a moment said alone ("it's on Friday") moves the known topic's.
        var moment = topic is not null ? need.Moment : need.Moment ?? known.Moment;
        return new SlotValues(
            kind ?? known.Kind,
            topic ?? known.Topic,
            minutes ?? known.DurationMinutes,
            voice ?? known.Voice,
            need.Feeling ?? known.Feeling,
            moment);
    }

    public ValueTask<SlotValues> ExtractAsync(string utterance, SlotValues known, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Extract(utterance, known));

    public bool? ParseConfirmation(string utterance)
    {
        if (string.IsNullOrWhiteSpace(utterance))
        {
            return null;
        }

        var words = Words(Spaces().Replace(utterance.ToLowerInvariant().Replace('\u2019', '\''), " "))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return ConfirmationPhrases.Parse(words);
    }

    private static string? TopicOf(string text, Match? anchor) => TopicPhraseOf(text, anchor) is { } topic
        ? ProperName().Replace(topic, m => char.ToUpperInvariant(m.Value[0]) + m.Value[1..])
        : null;

    private static string? TopicPhraseOf(string text, Match? anchor)
    {
        if (anchor is null)
        {
            var request = StripRequest(text);
            return Question().IsMatch(request) ? null : Meaningful(TopicPhrase.Normalise(request));
        }

        // What follows the kind usually says what it is about ("affirmations for confidence at work"); what comes
        // before it is the fallback ("a sleep meditation"), once request words and size adjectives are gone.
        var after = GenericNoun().Replace(text[(anchor.Index + anchor.Length)..], string.Empty);
        if (Meaningful(TopicPhrase.Normalise(after)) is { } following)
        {
            return following;
        }

        var before = StripRequest(text[..anchor.Index]).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var content = string.Join(' ', before.SkipWhile(Modifiers.Contains).Reverse().SkipWhile(Modifiers.Contains).Reverse());
        return Meaningful(TopicPhrase.Normalise(content));
    }

    // A leftover that is only a kind word or only a number says nothing about what the ritual is for.
    private static string? Meaningful(string topic) =>
        topic.Length == 0
        || KindWords.IsKindNoun(topic)
        || NoPreference().IsMatch(topic)
        || DurationPhrase.Extract(topic).Remainder.Trim().Length == 0
            ? null
            : topic;

    private static string StripRequest(string text)
    {
        var rest = text.Trim();
        for (var pass = 0; pass < 12; pass++)
        {
            var stripped = Request().Replace(rest, string.Empty, 1).Trim();
            if (stripped == rest)
            {
                break;
            }

            rest = stripped;
        }

        return rest;
    }

    /// <summary>Lower-case words: punctuation gone, "10-minute" and "twenty-five" split, "self-love" kept whole.</summary>
    private static string Words(string text, bool keepCommas = false)
    {
        var words = NumberHyphen().Replace(text, " ");
        words = StrayDot().Replace(words, " ");
        words = (keepCommas ? NotWordCharacterOrComma() : NotWordCharacter()).Replace(words, " ");
        words = LooseHyphen().Replace(words, " ");
        return Spaces().Replace(words, " ").Trim();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    // A question ("how much does it cost?") is not a topic.
    [GeneratedRegex(@"^(?:what|how|why|when|where|who|which|whose|is|are|does|do|did|can|could|will|would|should|shall)\b(?!\s+(?:i|you)\s+(?:feel|felt)\b)")]
    private static partial Regex Question();

    [GeneratedRegex(@"^(?:(?:a\s+)?(?:bit\s+|little\s+|lot\s+)?(?:longer|shorter|quicker|slower|faster)|I\s+don't\s+know|I\s+do\s+not\s+know|dunno|(?:I'm\s+)?not\s+sure|feeling\s+not\s+sure|no\s+idea|surprise\s+me|you\s+(?:choose|decide|pick)|up\s+to\s+you|anything(?:\s+(?:is\s+)?fine)?|is\s+fine|whatever(?:\s+you\s+(?:like|want))?|(?:it\s+)?doesn't\s+matter|I\s+don't\s+mind|either|both|any)$", RegexOptions.IgnoreCase)]
    private static partial Regex NoPreference();

    // The utterance is read in lower case; days and months get their capital back ("may" and "march" are too ambiguous).
    [GeneratedRegex(@"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|april|june|july|august|september|october|november|december|christmas|easter)\b")]
    private static partial Regex ProperName();

    [GeneratedRegex(@"(?<=\d)-(?=[a-z])|(?<=[a-z])-(?=(?:minutes?|mins?|hours?|hrs?|seconds?)\b)|(?<=\b(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety))-(?=(?:one|two|three|four|five|six|seven|eight|nine)\b)|(?<=\bhalf)-(?=hour)")]
    private static partial Regex NumberHyphen();

    [GeneratedRegex(@"(?<!\d)\.|\.(?!\d)")]
    private static partial Regex StrayDot();

    [GeneratedRegex(@"[^\p{L}\p{Nd}'\-.\s]")]
    private static partial Regex NotWordCharacter();

    [GeneratedRegex(@"[^\p{L}\p{Nd}'\-.,\s]")]
    private static partial Regex NotWordCharacterOrComma();

    // Marks that end a clause; "3.5" and "e.g." keep their dots (StrayDot deals with the rest).
    [GeneratedRegex(@"[,;:!?]+")]
    private static partial Regex ClauseMarks();

    [GeneratedRegex(@"(?<![\p{L}\p{Nd}])-+|-+(?![\p{L}\p{Nd}])")]
    private static partial Regex LooseHyphen();

    [GeneratedRegex(@"^(?:\s*\b(?:sessions?|exercises?|tracks?|sets?|scripts?|audios?|recordings?|one|please|that's|that\s+is|which\s+is)\b)+")]
    private static partial Regex GenericNoun();

    [GeneratedRegex(@"^(?:(?:hey|hi|hello|ok|okay|so|well|um+|uh+|hmm+|please|actually|also|and|but|just|maybe|then|now|yes|yeah|no|nope|sure|alright|right|oh)\b"
        + @"|(?:can|could|would|will)\s+(?:you|i|we)(?:\s+please)?\b"
        + @"|(?:is\s+there|do\s+you\s+have|have\s+you\s+got)\b"
        + @"|(?:i'd|i\s+would)\s+(?:really\s+)?(?:like|love|prefer)(?:\s+to\s+(?:have|get|do|hear|try))?\b"
        + @"|i\s+(?:really\s+)?(?:want|need|wanna|prefer)\b"
        + @"|(?:i'm|i\s+am)\s+(?:looking\s+for|after|in\s+the\s+mood\s+for)\b"
        + @"|(?:give|get|find|write|create|generate|build|prepare|play|record|show)\s+(?:me|us)\b"
        + @"|make\s+(?:me|us)\s+(?=(?:a|an|some|something|anything|the|another|one)\b)"
        + @"|(?:make|create|write|generate|build|prepare|play|record|do|try|have|get)\s+(?=(?:a|an|some|something|the|another|one|affirm\w*|meditat\w*|ritual\w*|routine\w*|mantra\w*|breathing|visuali\w*)\b)"
        + @"|(?:let's|lets|let\s+us)(?:\s+(?:do|have|try|make|get|go\s+with|go\s+for|go))?\b"
        + @"|(?:i'll|i\s+will)\s+(?:go|take)(?:\s+with|\s+for)?\b|go\s+(?:with|for)\b"
        + @"|(?:how|what)\s+about\b"
        + @"|(?:make|set|change|switch)\s+it(?:\s+to)?\b"
        + @"|(?:change|switch)\s+(?:the\s+)?(?:topic|subject|theme)\s+to\b"
        + @"|(?:the\s+)?(?:topic|subject|theme)(?:\s+(?:is|should\s+be|would\s+be))?\b)")]
    private static partial Regex Request();
}
