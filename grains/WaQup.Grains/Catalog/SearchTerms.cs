using System.Text;

namespace WaQup.Grains.Catalog;

/// <summary>
/// What someone typed, cut into words that cannot carry a text-search operator: only letters and digits survive,
/// lower-cased, so no quote, <c>&amp;</c>, <c>|</c>, <c>!</c>, <c>:</c> or <c>*</c> of theirs ever reaches a tsquery.
/// </summary>
/// <param name="Words">Every word, in order; the last one is still being typed when <paramref name="Prefix"/> is set.</param>
/// <param name="Prefix">The last word, when the text does not end in a space: it matches the start of words too.</param>
public sealed record SearchTerms(IReadOnlyList<string> Words, string? Prefix)
{
    /// <summary>More words than a search box needs: the rest are dropped rather than ANDed into a query that finds nothing.</summary>
    public const int MaxWords = 12;

    /// <summary>A one-letter word being typed matches too much to help; it counts once a second letter arrives.</summary>
    public const int MinPrefixLength = 2;

    /// <summary>The words before the one being typed (all of them when none is).</summary>
    public IReadOnlyList<string> Finished => Prefix is null ? Words : Words.Take(Words.Count - 1).ToArray();

    /// <summary>The words of <paramref name="text"/>; null when it holds none (the query is then no query).</summary>
    public static SearchTerms? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLowerInvariant(c));
            }
            else if (word.Length > 0)
            {
                words.Add(word.ToString());
                word.Clear();
            }
        }

        var typing = word.Length > 0;
        if (typing)
        {
            words.Add(word.ToString());
        }

        if (typing && words[^1].Length < MinPrefixLength)
        {
            words.RemoveAt(words.Count - 1);
            typing = false;
        }

        if (words.Count > MaxWords)
        {
            words.RemoveRange(MaxWords, words.Count - MaxWords);
            typing = false;
        }

        return words.Count == 0 ? null : new SearchTerms(words, typing ? words[^1] : null);
    }

    /// <summary>The same words and the same word being typed give the same text: what a cursor is bound to.</summary>
    public string Canonical => string.Join(' ', Words) + (Prefix is null ? "" : "*");
}
