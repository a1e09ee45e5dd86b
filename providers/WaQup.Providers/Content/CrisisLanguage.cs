using System.Text.RegularExpressions;

namespace WaQup.Providers.Content;

/// <summary>What kind of help someone in crisis needs first.</summary>
public enum CrisisKind
{
    /// <summary>Thoughts of suicide or of harming themselves.</summary>
    SelfHarm,

    /// <summary>Someone is hurting them, or they are not safe where they are.</summary>
    Abuse,

    /// <summary>A body in danger now: chest pain, not breathing, an overdose, a stroke.</summary>
    MedicalEmergency,
}

/// <summary>
/// Finds words of crisis in what someone says or types, so the session answers with care and help instead of making a
/// ritual. It errs towards answering: a false alarm costs one kind sentence, a miss may cost much more. Figures of
/// speech that only sound like it ("my killer presentation", "this traffic is killing me", "I'm dying to try it") do not
/// count. docs/words.md, "Safety", lists what it looks for.
/// </summary>
public static partial class CrisisLanguage
{
    /// <summary>The kind of crisis the words speak of, or null.</summary>
    public static CrisisKind? Detect(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var words = Spaces().Replace(text.ToLowerInvariant().Replace('\u2019', '\'').Replace('\u2018', '\''), " ");
        words = Idioms().Replace(words, " ");
        if (SelfHarm().IsMatch(words) && !Denied().IsMatch(words))
        {
            return CrisisKind.SelfHarm;
        }

        if (Medical().IsMatch(words))
        {
            return CrisisKind.MedicalEmergency;
        }

        return Abuse().IsMatch(words) ? CrisisKind.Abuse : null;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    // Figures of speech, taken out before looking: what is left must speak of the real thing.
    [GeneratedRegex(@"\bkiller\b|\bkill(?:ing|ed)?\s+(?:it|time|the\s+(?:lights?|music|mood|vibe|engine))\b|\b(?:is|are|was|were|it's)\s+killing\s+me\b|\bkilling\s+me\s+softly\b|\b(?:dying|die)\s+(?:to|for)\s+(?!myself|me\b)|\bdie\s+laughing\b|\bdying\s+of\s+(?:laughter|boredom|embarrassment)\b|\bto\s+die\s+for\b|\bcould\s+kill\s+for\b|\bkill\s+(?:for\s+)?(?:a|some)\s+(?:coffee|pizza|drink|nap|beer)\b|\bmy\s+feet\s+are\s+killing\s+me\b|\bcut(?:ting)?\s+(?:myself\s+)?(?:some\s+)?(?:slack|a\s+break|short|back|down|corners)\b|\boverdos\w*\s+on\s+(?:coffee|caffeine|sugar|chocolate|netflix|tv)\b")]
    private static partial Regex Idioms();

    [GeneratedRegex(@"\b(?:suicid\w*|kill(?:ing)?\s+myself|end(?:ing)?\s+(?:my\s+life|it\s+all|my\s+own\s+life)|take\s+my\s+(?:own\s+)?life|(?:want|wanna|wish|going)\s+(?:to\s+)?(?:die|be\s+dead)|wish\s+i\s+(?:was|were)\s+dead|better\s+off\s+dead|(?:don't|do\s+not|no\s+longer)\s+want\s+to\s+(?:live|be\s+alive|be\s+here\s+anymore|exist|wake\s+up)|no\s+reason\s+to\s+live|hurt(?:ing)?\s+myself|harm(?:ing)?\s+myself|self[\s-]?harm\w*|cut(?:ting)?\s+myself|overdose\s+on\s+purpose|jump\s+off\s+(?:a|the)\s+(?:bridge|building|roof))\b")]
    private static partial Regex SelfHarm();

    // "I would never hurt myself", "I'm not suicidal": said as a denial, not a crisis.
    [GeneratedRegex(@"\b(?:would\s+never|will\s+never|never\s+would|am\s+not|i'm\s+not|not)\s+(?:\w+\s+){0,2}(?:suicid\w*|hurt\s+myself|harm\s+myself|kill\s+myself)\b")]
    private static partial Regex Denied();

    [GeneratedRegex(@"\b(?:chest\s+pains?|heart\s+attack|(?:having|had)\s+a\s+stroke|can't\s+breathe|cannot\s+breathe|can\s+not\s+breathe|unable\s+to\s+breathe|not\s+breathing|stopped\s+breathing|overdos\w*|took\s+too\s+many\s+(?:pills|tablets)|(?:having|had)\s+a\s+seizure|bleeding\s+(?:badly|heavily|a\s+lot)|won't\s+stop\s+bleeding|unconscious|passed\s+out\s+and|call\s+(?:an\s+)?ambulance|need\s+an\s+ambulance|anaphyla\w*)\b")]
    private static partial Regex Medical();

    [GeneratedRegex(@"\b(?:(?:he|she|they|my\s+(?:partner|husband|wife|boyfriend|girlfriend|dad|father|mum|mom|mother|stepdad|stepfather|brother|ex))\s+(?:hits|hit|beats|beat|chokes|choked|hurts|hurt|kicks|kicked|threatens|threatened\s+to\s+kill|slaps|slapped)\s+me|being\s+(?:abused|hit|beaten)|(?:abusive|violent)\s+(?:partner|husband|wife|boyfriend|girlfriend|relationship|home|parent|father|mother)|(?:not|don't\s+feel|do\s+not\s+feel|never\s+feel)\s+safe\s+(?:at\s+home|with\s+(?:him|her|them|my\s+\w+))|(?:was|been|got)\s+(?:raped|sexually\s+assaulted|assaulted)|domestic\s+(?:violence|abuse))\b")]
    private static partial Regex Abuse();
}
