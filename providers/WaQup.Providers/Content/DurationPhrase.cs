using System.Globalization;
using System.Text.RegularExpressions;

namespace WaQup.Providers.Content;

/// <summary>Finds how long someone wants, in digits or words: "10 min", "ten-minute", "half an hour", "an hour".</summary>
internal static partial class DurationPhrase
{
    private static readonly string Number = @"(?:\d+(?:\.\d+)?|" + string.Join('|', NumberWords.SpokenForms.Select(f => f.Replace(" ", @"\s+", StringComparison.Ordinal))) + ")";

    // Built from the number words at start-up, so not source-generated; compiled, because every utterance passes through.
    private static readonly Regex Spoken = new(
        @"(?:\b(?:for|about|around|roughly|approximately|like|maybe|of|lasting|just|only|under|max)\s+)*"
        + @"(?:(?<hourhalf>\b(?:an?|one|1)\s+hours?\s+and\s+a\s+half|\b(?:1\.5|one\s+and\s+a\s+half)\s+hours?)"
        + @"|(?<threequarters>\bthree\s+quarters\s+of\s+an\s+hour)"
        + @"|(?<half>\bhalf\s+(?:an?\s+)?(?:hour|hr)|\ba\s+half\s+hour)"
        + @"|(?<quarter>\b(?:a\s+)?quarter\s+(?:of\s+)?(?:an?\s+)?(?:hour|hr))"
        // One number, then its unit: the number words are tried once per position, not once per unit.
        + @"|\b(?<n>" + Number + @")(?:(?<hhalf>\s+and\s+a\s+half)?\s+(?<hours>hours?|hrs?)|(?<mhalf>\s+and\s+a\s+half)?\s+(?<minutes>minutes?|mins?)|\s+(?<seconds>seconds?|secs?))\b"
        + @"|\b(?<n>\d+(?:\.\d+)?)\s*(?:(?<hours>hours?|hrs?|h)|(?<minutes>minutes?|mins?|m)|(?<seconds>seconds?|secs?))\b)"
        + @"(?:\s+(?:long|or\s+so|ish|max|maximum|tops|at\s+most))?",
        RegexOptions.CultureInvariant | RegexOptions.Compiled);

    private static readonly Regex BareNumber = new(
        @"^(?:(?:make\s+it|for|about|around|maybe|like|just|um|uh|ok|okay|hmm|oh)\s+)*(?<n>\d+|" + Number + @")(?:\s+(?:please|then|thanks))?$",
        RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// <summary>The last duration mentioned (later words win), clamped to 1–60 minutes, and the text without any of them.</summary>
    public static (int? Minutes, string Remainder) Extract(string text)
    {
        int? minutes = null;
        var rest = !MayNameDuration(text) ? text : Spoken.Replace(text, m =>
        {
            if (IsIdiom(text, m))
            {
                return m.Value;
            }

            minutes = Clamp(MinutesOf(m));
            return " ";
        });

        // A bare "ten" is an answer to "how long?"; articles and "a few" are not numbers on their own.
        if (minutes is null && BareNumber.Match(rest.Trim()) is { Success: true } bare
            && bare.Groups["n"].Value is not ("a" or "an" or "a single" or "a couple" or "a couple of" or "couple of" or "a few")
            && NumberWords.Parse(bare.Groups["n"].Value) is { } n)
        {
            minutes = Clamp(n);
            rest = string.Empty;
        }

        return (minutes, rest);
    }

    /// <summary>
    /// Whether <see cref="Spoken"/> can match at all: each of its forms names a unit (hour, hr, minute, min,
    /// second, sec; "half" and "quarter" come with an hour) or follows a digit (5h, 10m). Most utterances name none,
    /// and this check is a few hundred times cheaper than the search, which tries every number word at every word.
    /// </summary>
    private static bool MayNameDuration(string text)
    {
        if (text.Contains("hour", StringComparison.Ordinal) || text.Contains("hr", StringComparison.Ordinal)
            || text.Contains("min", StringComparison.Ordinal) || text.Contains("sec", StringComparison.Ordinal))
        {
            return true;
        }

        return text.AsSpan().IndexOfAnyInRange('0', '9') >= 0;
    }

    private static double MinutesOf(Match m)
    {
        if (m.Groups["hourhalf"].Success)
        {
            return 90;
        }

        if (m.Groups["threequarters"].Success)
        {
            return 45;
        }

        if (m.Groups["half"].Success)
        {
            return 30;
        }

        if (m.Groups["quarter"].Success)
        {
            return 15;
        }

        var value = ValueOf(m.Groups["n"].Value);
        if (m.Groups["hours"].Success)
        {
            return (value + (m.Groups["hhalf"].Success ? 0.5 : 0)) * 60;
        }

        if (m.Groups["seconds"].Success)
        {
            return value / 60;
        }

        return value + (m.Groups["mhalf"].Success ? 0.5 : 0);
    }

    private static double ValueOf(string number) =>
        double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var digits)
            ? digits
            : NumberWords.Parse(Spaces().Replace(number, " ")) ?? 0;

    private static int Clamp(double minutes) =>
        (int)Math.Clamp(Math.Round(minutes, MidpointRounding.AwayFromZero), ScriptContext.MinMinutes, ScriptContext.MaxMinutes);

    private static bool IsIdiom(string text, Match m)
    {
        // "give me a minute", "wait a second", "in a minute" are about waiting, not about length; "in two hours" is
        // when something happens ("a presentation in two hours"), not how long the ritual lasts.
        var head = Articled().Match(m.Value);
        return (head.Success && IdiomBefore().IsMatch(text[..m.Index]))
            || (m.Groups["hours"].Success && InBefore().IsMatch(text[..m.Index]));
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"^\s*(?:just\s+)?an?\s+(?:minute|min|sec|second)s?\s*$")]
    private static partial Regex Articled();

    [GeneratedRegex(@"(?:\bwait|\bgive\s+me|\bhold\s+on|\bhang\s+on|\bin|\bjust)\s*$")]
    private static partial Regex IdiomBefore();

    [GeneratedRegex(@"\bin\s*$")]
    private static partial Regex InBefore();
}
