using System.Text.RegularExpressions;
using WaQup.Abstractions.Protocol;

namespace WaQup.Providers.Content;

/// <summary>
/// The words that name a kind of ritual. The first one said decides the kind ("a ritual with affirmations" is a
/// ritual). Nouns such as "meditation" are taken out of the topic; "relax" names meditation but stays in the
/// topic ("help me relax" is about relaxation). Calm-, sleep- and worry-words only suggest meditation.
/// </summary>
internal static partial class KindWords
{
    /// <summary>The kind named first, and the first kind noun (to cut the topic around), if any.</summary>
    public static (RitualKind? Kind, Match? Anchor) Find(string text)
    {
        var noun = Nouns().Match(text);
        var relax = Relax().Match(text);
        RitualKind? kind = (noun.Success, relax.Success) switch
        {
            (true, true) when relax.Index < noun.Index => RitualKind.Meditation,
            (true, _) => KindOf(noun),
            (false, true) => RitualKind.Meditation,
            _ => null,
        };
        return (kind, noun.Success ? noun : null);
    }

    /// <summary>True when <paramref name="text"/> is nothing but a kind noun, such as "meditation".</summary>
    public static bool IsKindNoun(string text) => Nouns().Match(text.Trim()) is { Success: true, Index: 0 } m && m.Length == text.Trim().Length;

    /// <summary>Words that make meditation a sensible guess when nothing else names a kind.</summary>
    public static bool SuggestsMeditation(string text) => Soothing().IsMatch(text);

    private static RitualKind KindOf(Match match) =>
        match.Groups["a"].Success ? RitualKind.Affirmation
        : match.Groups["m"].Success ? RitualKind.Meditation
        : RitualKind.Ritual;

    [GeneratedRegex(@"\b(?:(?<a>affirm(?:ation)?s?|affirming|mantras?|self\s+talk)|(?<m>meditat(?:e|es|ing|ion|ions)|visuali[sz](?:e|es|ing|ation|ations)|breath\s?work|breathing(?:\s+(?:exercises?|sessions?|practices?|techniques?))?|body\s+scan|mindfulness)|(?<r>rituals?|routines?|practices?|habits?))\b")]
    private static partial Regex Nouns();

    [GeneratedRegex(@"\b(?:relax|relaxes|relaxing|relaxation)\b")]
    private static partial Regex Relax();

    [GeneratedRegex(@"\b(?:calm|calming|calmer|soothe|soothing|sleep|sleeping|asleep|insomnia|anxious|anxiety|stress|stressed|stressful|panic|panicking|unwind|unwinding|wind\s+down|tense|overwhelmed|nervous|worried|worry|worries|peace|peaceful)\b")]
    private static partial Regex Soothing();
}
