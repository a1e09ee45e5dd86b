using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using WaQup.Abstractions.Protocol;

namespace WaQup.Providers.Content.Llm;

/// <summary>What is wrong with a sentence a model wrote, if anything.</summary>
public enum SentenceProblem
{
    None,

    /// <summary>Nothing left to say once markup and symbols are taken out ("---", an emoji alone).</summary>
    Empty,

    /// <summary>Longer than a listener can follow, or than a voice reads well in one breath.</summary>
    TooLong,

    /// <summary>Words about the script rather than of it: a refusal, a heading, "here is your meditation", a link.</summary>
    NotScript,

    /// <summary>Speaks of harm, death, medication or a crisis, or swears: never spoken in a ritual.</summary>
    Unsafe,

    /// <summary>The same sentence again, where the structure asks for no repeats.</summary>
    Repeated,
}

/// <summary>One sentence as it will be spoken (cleaned of symbols and list markers), and what is wrong with it.</summary>
public readonly record struct SentenceVerdict(ScriptPiece Piece, SentenceProblem Problem, string? Detail = null)
{
    public bool Ok => Problem == SentenceProblem.None;
}

/// <summary>
/// Checks each sentence of a model's script before it is spoken, for one ritual. A model asked for a calm meditation
/// sometimes writes a heading, an apology, a list, a sentence that runs on for a paragraph, the same line twice, or
/// words that must never reach a listener at rest; the prompt forbids all of these, and this class makes sure.
/// </summary>
/// <remarks>
/// Symbols and markup that are only decoration (emoji, list markers, underscores, backticks) are cleaned away and the
/// sentence kept. The rest is reported; <see cref="LlmScriptStream"/> decides what follows (a fresh answer before
/// speech starts, the sentence dropped after, or the built-in writer taking over). Words of harm that the listener used
/// in their own topic ("my killer presentation") are theirs to hear back and are not held against the script.
/// </remarks>
public sealed partial class ScriptValidator
{
    /// <summary>Words; a sentence longer than this is refused (the prompt asks for at most <see cref="ScriptPrompt.MaxSentenceWords"/>).</summary>
    public const int MaxWords = 60;

    public const int MaxCharacters = 400;

    private readonly HashSet<string> _topicWords;
    private readonly Dictionary<string, int> _said = new(StringComparer.Ordinal);
    private readonly int _timesAllowed;

    public ScriptValidator(RitualSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _topicWords = WordsOf(spec.Topic ?? string.Empty).ToHashSet(StringComparer.Ordinal);

        // An affirmation set comes back to its lines in rounds (one more for every five minutes); nothing else repeats.
        _timesAllowed = spec.Kind == RitualKind.Affirmation ? Math.Max(2, (Math.Clamp(spec.DurationMinutes, 1, 60) / 5) + 1) : 1;
    }

    /// <summary>The sentence cleaned for speech and what, if anything, is wrong with it; a sentence passed is remembered for repeats.</summary>
    public SentenceVerdict Check(ScriptPiece piece)
    {
        var text = Clean(piece.Text);
        var cleaned = piece with { Text = text };
        var words = WordsOf(text);
        if (words.Count == 0)
        {
            return new SentenceVerdict(cleaned, SentenceProblem.Empty);
        }

        if (words.Count > MaxWords || text.Length > MaxCharacters)
        {
            return new SentenceVerdict(cleaned, SentenceProblem.TooLong, $"a sentence of {words.Count} words");
        }

        if (NotScript().Match(text) is { Success: true } meta)
        {
            return new SentenceVerdict(cleaned, SentenceProblem.NotScript, $"\"{meta.Value}\"");
        }

        if (Unsafe(text) is { } unsafeWords)
        {
            return new SentenceVerdict(cleaned, SentenceProblem.Unsafe, unsafeWords);
        }

        var key = string.Join(' ', words);
        var times = _said.GetValueOrDefault(key);
        if (times >= _timesAllowed)
        {
            return new SentenceVerdict(cleaned, SentenceProblem.Repeated, $"\"{text}\" again");
        }

        _said[key] = times + 1;
        return new SentenceVerdict(cleaned, SentenceProblem.None);
    }

    /// <summary>The text without decoration a voice would read out or stumble on.</summary>
    public static string Clean(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var kept = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category == UnicodeCategory.Format || rune.Value is >= 0xFE00 and <= 0xFE0F)
            {
                // Zero-width joiners and emoji variation selectors: invisible, and nothing to say.
                continue;
            }

            if (rune.Value is '_' or '`' or '~' or '^')
            {
                // Emphasis and code marks around a word: the word stays, as it is.
                continue;
            }

            var symbol = category is UnicodeCategory.OtherSymbol or UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate || rune.Value is '|' or '\\';
            kept.Append(symbol ? " " : rune.ToString());
        }

        var cleaned = Spaces().Replace(ListMarker().Replace(kept.ToString(), string.Empty), " ").Trim();
        return SpaceBeforeStop().Replace(cleaned, "$1");
    }

    private string? Unsafe(string text)
    {
        if (CrisisLanguage.Detect(text) is { } crisis)
        {
            return $"words of crisis ({crisis})";
        }

        var found = Harm().Matches(text.ToLowerInvariant())
            .Select(m => m.Value)
            .Where(w => !_topicWords.Contains(w))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return found.Count == 0 ? null : $"\"{string.Join("\", \"", found)}\"";
    }

    private static List<string> WordsOf(string text) =>
        [.. WordPattern().Matches(text.ToLowerInvariant()).Select(m => m.Value)];

    [GeneratedRegex(@"[\p{L}\p{N}']+")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    // "calm ." once a symbol between the word and its full stop is gone.
    [GeneratedRegex(@"\s+([.,!?;:])")]
    private static partial Regex SpaceBeforeStop();

    // "- ", "• ", "1. ", "2) " at the start: a list the prompt asked not to write, kept as plain sentences.
    [GeneratedRegex(@"^\s*(?:[-•–—>]+|\d{1,2}[.)])\s+")]
    private static partial Regex ListMarker();

    [GeneratedRegex(
        @"\bas an ai\b|\b(?:ai|language) model\b|\bi(?:'m| am) (?:sorry|unable|not able)\b|\bi can(?:not|'t) (?:help|assist|write|create|do that|provide)\b"
        + @"|\bhere(?:'s| is) (?:your|a|the) (?:script|meditation|affirmation|ritual|set)\b|^(?:title|script|affirmations?|meditation|ritual|note|narrator|step \d+|part \w+|section \w+)\s*:"
        + @"|</?topic>|\bhttps?://\S*|\bwww\.\S*|\bprompt\b|\binstructions?\b",
        RegexOptions.IgnoreCase)]
    private static partial Regex NotScript();

    [GeneratedRegex(
        @"\b(?:medications?|medicines?|dosages?|doses?|prescri\w+|pills?|tablets?|overdos\w*|diagnos\w+|antidepressants?|therapy|therapist"
        + @"|weapons?|guns?|knife|knives|blood\w*|bleed\w*|kill\w*|murder\w*|dead|death|corpse|suicid\w*|violen\w+|rape\w*|abus\w+"
        + @"|fuck\w*|shit\w*|bitch\w*|cunt\w*|bastard\w*|damn\w*|hell)\b")]
    private static partial Regex Harm();
}
