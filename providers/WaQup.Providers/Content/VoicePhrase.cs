using System.Text.RegularExpressions;

namespace WaQup.Providers.Content;

/// <summary>
/// Finds a spoken voice preference and maps it to a voice name the speech provider understands:
/// an explicit name ("voice: en-us", "en-gb voice") is kept as said; "female"/"male" on their own become
/// "female"/"male" (the synthesiser's default voice with its +f3/+m3 variant); flite's voice ids ("the awb voice",
/// "voice: rms") are kept as said; an accent becomes a language voice
/// (American "en-us", British or English "en-gb", Scottish "en-gb-scotland"), and an accent with a gender gets the
/// variant ("en-gb+f3"). A voice described only by manner ("a calm voice") is recognised but leaves the voice unset.
/// </summary>
internal static partial class VoicePhrase
{
    private static readonly HashSet<string> BareLanguages = ["en", "fr", "de", "es", "it", "pt", "nl", "pl", "sv", "da", "fi", "ru", "ja", "zh", "hi", "cy"];

    // The ids of Speech.Embedded.FliteVoices: names of voices, not languages, so taken only as they are.
    private static readonly HashSet<string> FliteVoiceIds = ["slt", "rms", "awb"];

    /// <summary>The voice named in <paramref name="text"/> (null when none or only a manner), and the text without the phrase.</summary>
    public static (string? Voice, string Remainder) Extract(string text)
    {
        string? tag = null;
        string? accent = null;
        char? gender = null;
        var rest = text;

        rest = TagAfterVoice().Replace(rest, m => Take(m, ref tag));
        rest = TagBeforeVoice().Replace(rest, m => Take(m, ref tag));
        rest = Described().Replace(rest, m =>
        {
            foreach (var word in (m.Groups["desc"].Value + " " + m.Groups["after"].Value).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                accent = AccentOf(word) ?? accent;
                gender = GenderOf(word) ?? gender;
            }

            return " ";
        });

        if (tag is null && accent is null && gender is null && GenderOnly().Match(rest) is { Success: true } only)
        {
            gender = GenderOf(only.Groups["g"].Value);
            rest = string.Empty;
        }

        var variant = gender switch
        {
            'f' => "+f3",
            'm' => "+m3",
            _ => string.Empty,
        };
        var voice = (tag ?? accent, gender) switch
        {
            ({ } name, _) when name.Contains('+', StringComparison.Ordinal) => name,
            ({ } name, _) => name + variant,
            (null, 'f') => "female",
            (null, 'm') => "male",
            _ => null,
        };
        return (voice, rest);
    }

    private static string Take(Match match, ref string? tag)
    {
        var candidate = match.Groups["tag"].Value;
        if (!candidate.Contains('-', StringComparison.Ordinal) && !candidate.Contains('+', StringComparison.Ordinal)
            && !BareLanguages.Contains(candidate.Split('+')[0]) && !FliteVoiceIds.Contains(candidate))
        {
            return match.Value;
        }

        tag ??= candidate;
        return " ";
    }

    private static string? AccentOf(string word) => word switch
    {
        "american" or "us" or "u.s." => "en-us",
        "british" or "uk" or "english" => "en-gb",
        "scottish" => "en-gb-scotland",
        _ => null,
    };

    private static char? GenderOf(string word) => word switch
    {
        "female" or "woman" or "woman's" or "women's" or "feminine" or "lady" or "girl" or "girl's" => 'f',
        "male" or "man" or "man's" or "men's" or "masculine" or "guy" or "guy's" or "boy" or "boy's" => 'm',
        _ => null,
    };

    [GeneratedRegex(@"(?:\b(?:in|with|using|use)\s+)?(?:\b(?:the|a|an)\s+)?\bvoice\s*(?:[:=]\s*|\s+(?:is|to|as|of)\s+|\s+)(?<tag>[a-z]{2,3}(?:-[a-z0-9]{2,8})*(?:\+[a-z0-9]{1,4})?)(?![\w+\-])")]
    private static partial Regex TagAfterVoice();

    [GeneratedRegex(@"(?:\b(?:in|with|using|use)\s+)?(?:\b(?:the|a|an)\s+)?\b(?<tag>[a-z]{2,3}-[a-z0-9]{2,8}(?:-[a-z0-9]{2,8})*(?:\+[a-z0-9]{1,4})?|slt|rms|awb)\s+voice\b")]
    private static partial Regex TagBeforeVoice();

    [GeneratedRegex(@"(?:\b(?:in|with|using|use|by|from|read\s+by|spoken\s+by|as)\s+)?(?:\b(?:a|an|the|some|your)\s+)?(?<desc>(?:\b(?:calm|calming|soft|softer|soothing|gentle|deep|deeper|warm|low|lower|high|higher|quiet|friendly|kind|slow|slower|relaxing|nice|different|young|old|older|english|american|us|u\.s\.|british|uk|scottish|female|male|woman's|women's|woman|man's|men's|man|feminine|masculine|lady|girl|girl's|guy|guy's|boy|boy's|default|normal|other)[\s,]+){0,3})\b(?:voice|accent|narrator|speaker|reader)s?\b(?:\s*[:=]?\s*(?<after>female|male|woman|man|feminine|masculine)\b)?")]
    private static partial Regex Described();

    [GeneratedRegex(@"^\s*(?:(?:a|an|the|in\s+a|with\s+a)\s+)?(?<g>female|male|woman|man)(?:\s+one)?(?:\s+please)?[\s.!]*$")]
    private static partial Regex GenderOnly();
}
