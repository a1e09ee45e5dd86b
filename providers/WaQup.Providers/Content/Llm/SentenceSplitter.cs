using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace WaQup.Providers.Content.Llm;

/// <summary>Turns streamed text, cut at arbitrary points, into finished sentences with the pauses the model asked for.</summary>
/// <remarks>
/// A sentence ends at a newline, or at <c>.</c> <c>!</c> <c>?</c> <c>…</c> (closing quotes included) followed by a space
/// and a word that does not start in lower case, unless the word before a single full stop is a known abbreviation
/// ("Dr.", "e.g.") or an initial. Pause markup (<c>[pause 5s]</c>, <c>[pause 1.5s]</c>, <c>[pause 800ms]</c>) is never
/// spoken: it adds to the pause after the sentence before it (clamped to 0–120 s), and ends a sentence it interrupts.
/// Any other bracketed markup is dropped. A finished sentence is held only until the next words show that no pause
/// markup follows it, so each sentence is handed on about one token after it ends.
/// </remarks>
public sealed partial class SentenceSplitter
{
    public const int MaxPauseMs = 120_000;

    // Markup longer than this is not markup; a lone "[" in prose must not hold the sentence back forever.
    private const int MaxMarkupLength = 40;

    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "dr", "mr", "mrs", "ms", "mx", "prof", "st", "sr", "jr", "mt", "fr", "rev", "gen", "capt", "lt", "sgt", "hon",
        "vs", "e.g", "i.e", "cf", "approx", "fig", "ca", "vol",
    };

    private readonly StringBuilder _pending = new();
    private string? _ready;
    private int _readyPauseMs;

    /// <summary>Adds the next piece of streamed text; sentences it completes are added to <paramref name="completed"/>.</summary>
    public void Push(string delta, ICollection<ScriptPiece> completed)
    {
        ArgumentNullException.ThrowIfNull(delta);
        ArgumentNullException.ThrowIfNull(completed);
        foreach (var c in delta)
        {
            // Markdown emphasis and headings are never spoken.
            if (c is not ('*' or '#'))
            {
                _pending.Append(c);
            }
        }

        Cut(final: false, completed);
    }

    /// <summary>Ends the stream: whatever is left becomes the last sentences.</summary>
    /// <param name="keepUnfinished">False when the stream was cut short (a token limit), so a half sentence is not spoken.</param>
    public void Flush(ICollection<ScriptPiece> completed, bool keepUnfinished = true)
    {
        ArgumentNullException.ThrowIfNull(completed);
        Cut(final: true, completed);
        var tail = _pending.ToString();
        _pending.Clear();
        var open = tail.LastIndexOf('[');
        if (open >= 0 && tail.IndexOf(']', open) < 0 && tail.Length - open <= MaxMarkupLength)
        {
            // Markup the stream ended in the middle of.
            tail = tail[..open];
        }

        if (keepUnfinished || EndsWithTerminator(tail))
        {
            Complete(tail, completed);
        }

        EmitReady(completed);
    }

    private void Cut(bool final, ICollection<ScriptPiece> completed)
    {
        var i = 0;
        while (i < _pending.Length)
        {
            var c = _pending[i];
            if (c == '\n')
            {
                CutAt(i, 1, completed);
                i = 0;
            }
            else if (c == '[')
            {
                var close = MarkupEnd(i);
                if (close >= 0)
                {
                    var pauseMs = PauseMs(_pending.ToString(i + 1, close - i - 1));
                    if (pauseMs is { } ms)
                    {
                        CutAt(i, close - i + 1, completed);
                        AddPause(ms);
                        i = 0;
                    }
                    else
                    {
                        _pending.Remove(i, close - i + 1);
                    }
                }
                else if (!final && MarkupMayStillClose(i))
                {
                    break;
                }
                else
                {
                    i++;
                }
            }
            else if (IsTerminator(c))
            {
                var end = i + 1;
                while (end < _pending.Length && IsTerminator(_pending[end]))
                {
                    end++;
                }

                while (end < _pending.Length && IsCloser(_pending[end]))
                {
                    end++;
                }

                var boundary = IsBoundary(i, end);
                if (boundary is null)
                {
                    // Not known yet: the next characters decide, or the end of the stream does.
                    break;
                }

                if (boundary.Value)
                {
                    CutAt(end, 0, completed);
                    i = 0;
                }
                else
                {
                    i = end;
                }
            }
            else
            {
                i++;
            }
        }

        // The held sentence goes out once the next one has begun, since no pause markup can follow it any more.
        var next = FirstNonSpace();
        if (_ready is not null && next >= 0 && _pending[next] != '[')
        {
            EmitReady(completed);
        }
    }

    /// <summary>True when the terminator run at [start, end) ends a sentence, false when not, null when too early to say.</summary>
    private bool? IsBoundary(int start, int end)
    {
        if (end == _pending.Length)
        {
            return null;
        }

        var after = _pending[end];
        if (after == '[')
        {
            return true;
        }

        if (!char.IsWhiteSpace(after))
        {
            // "1.5", "e.g.this", "in...and": punctuation inside a word.
            return false;
        }

        var j = end;
        while (j < _pending.Length && char.IsWhiteSpace(_pending[j]))
        {
            if (_pending[j] == '\n')
            {
                return true;
            }

            j++;
        }

        if (j == _pending.Length)
        {
            return null;
        }

        if (char.IsLower(_pending[j]))
        {
            // "'Ready?' she asked", "in... and out", "7 a.m. tomorrow".
            return false;
        }

        var singleFullStop = _pending[start] == '.' && end - start == 1;
        return !(singleFullStop && IsAbbreviation(start));
    }

    private bool IsAbbreviation(int fullStop)
    {
        var start = fullStop;
        while (start > 0 && !char.IsWhiteSpace(_pending[start - 1]))
        {
            start--;
        }

        var word = _pending.ToString(start, fullStop - start).TrimStart('(', '"', '\'', '“', '‘');
        var sentenceSoFar = _pending.ToString(0, fullStop).Trim();

        // An initial ("John F. Kennedy"), an abbreviation, or a list number at the start of a line ("1. Breathe").
        return (word.Length == 1 && char.IsLetter(word[0]))
            || Abbreviations.Contains(word)
            || (sentenceSoFar.Length > 0 && sentenceSoFar.All(char.IsAsciiDigit));
    }

    private int MarkupEnd(int open)
    {
        for (var j = open + 1; j < _pending.Length && j - open <= MaxMarkupLength; j++)
        {
            if (_pending[j] == ']')
            {
                return j;
            }

            if (_pending[j] is '\n' or '[')
            {
                return -1;
            }
        }

        return -1;
    }

    private bool MarkupMayStillClose(int open)
    {
        for (var j = open + 1; j < _pending.Length; j++)
        {
            if (_pending[j] is '\n' or '[')
            {
                return false;
            }
        }

        return _pending.Length - open <= MaxMarkupLength;
    }

    /// <summary>Takes the text before <paramref name="index"/> as a sentence and drops <paramref name="skip"/> characters after it.</summary>
    private void CutAt(int index, int skip, ICollection<ScriptPiece> completed)
    {
        var text = _pending.ToString(0, index);
        _pending.Remove(0, index + skip);
        Complete(text, completed);
    }

    private void Complete(string raw, ICollection<ScriptPiece> completed)
    {
        var text = Clean(raw);
        if (text.Length == 0)
        {
            return;
        }

        EmitReady(completed);
        _ready = text;
        _readyPauseMs = 0;
    }

    private void AddPause(int ms)
    {
        // A pause before anything was said has nothing to follow; the opening silence is the client's business.
        if (_ready is not null)
        {
            _readyPauseMs = (int)Math.Min(MaxPauseMs, (long)_readyPauseMs + ms);
        }
    }

    private void EmitReady(ICollection<ScriptPiece> completed)
    {
        if (_ready is not null)
        {
            completed.Add(new ScriptPiece(_ready, _readyPauseMs));
            _ready = null;
            _readyPauseMs = 0;
        }
    }

    private int FirstNonSpace()
    {
        for (var j = 0; j < _pending.Length; j++)
        {
            if (!char.IsWhiteSpace(_pending[j]))
            {
                return j;
            }
        }

        return -1;
    }

    private static string Clean(string raw)
    {
        var text = ListMarker().Replace(Spaces().Replace(raw, " ").Trim(), string.Empty);

        // A line of nothing but punctuation ("—", a stray quote) is not a sentence.
        return text.Any(char.IsLetterOrDigit) ? text : string.Empty;
    }

    private static bool EndsWithTerminator(string text)
    {
        var trimmed = text.TrimEnd().TrimEnd('"', '\'', '”', '’', ')', '»');
        return trimmed.Length > 0 && IsTerminator(trimmed[^1]);
    }

    private static int? PauseMs(string markup)
    {
        var match = Pause().Match(markup);
        if (!match.Success)
        {
            return null;
        }

        var amount = double.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
        var ms = match.Groups["unit"].Value.StartsWith("m", StringComparison.OrdinalIgnoreCase) ? amount : amount * 1000;
        return (int)Math.Clamp(Math.Round(ms), 0, MaxPauseMs);
    }

    private static bool IsTerminator(char c) => c is '.' or '!' or '?' or '…';

    private static bool IsCloser(char c) => c is '"' or '\'' or '”' or '’' or ')' or '»';

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"^(?:[-•–]|\d{1,2}[.)])\s+")]
    private static partial Regex ListMarker();

    [GeneratedRegex(@"^\s*pause\s*[:=]?\s*(?<n>\d{1,6}(?:\.\d+)?)\s*(?<unit>ms|milliseconds?|s|secs?|seconds?)?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex Pause();
}
