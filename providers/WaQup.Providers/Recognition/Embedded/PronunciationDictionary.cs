namespace WaQup.Providers.Recognition.Embedded;

/// <summary>
/// The pronunciations of the words a language model uses, taken from the acoustic model's pronouncing dictionary
/// (CMUdict's format: <c>word PH ON ES</c>, alternatives as <c>word(2)</c>). A word missing from it but made of two
/// words in it ("breathwork") is said as those two words run together.
/// </summary>
public sealed class PronunciationDictionary
{
    private const int MinCompoundPart = 3;
    private readonly Dictionary<string, List<string>> _entries;

    private PronunciationDictionary(Dictionary<string, List<string>> entries) => _entries = entries;

    /// <summary>Reads the whole dictionary file.</summary>
    public static async Task<PronunciationDictionary> LoadAsync(string path, CancellationToken cancellationToken)
    {
        var entries = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        using var reader = new StreamReader(path);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            var space = line.IndexOf(' ');
            if (space <= 0)
            {
                continue;
            }

            var word = line[..space];
            var variant = word.IndexOf('(');
            if (variant > 0 && word.EndsWith(')'))
            {
                word = word[..variant];
            }

            var phones = line[(space + 1)..].Trim();
            if (phones.Length == 0)
            {
                continue;
            }

            if (!entries.TryGetValue(word, out var list))
            {
                entries[word] = list = [];
            }

            list.Add(phones);
        }

        return new PronunciationDictionary(entries);
    }

    /// <summary>The ways <paramref name="word"/> is said; empty when neither it nor two of its parts are known.</summary>
    public IReadOnlyList<string> Pronounce(string word)
    {
        if (_entries.TryGetValue(word, out var known))
        {
            return known;
        }

        for (var split = MinCompoundPart; split <= word.Length - MinCompoundPart; split++)
        {
            if (_entries.TryGetValue(word[..split], out var head) && _entries.TryGetValue(word[split..], out var tail))
            {
                return [$"{head[0]} {tail[0]}"];
            }
        }

        return [];
    }

    /// <summary>
    /// Writes the entries of <paramref name="words"/> in the dictionary format PocketSphinx reads; returns the words it
    /// could not say, which the caller leaves out of the model.
    /// </summary>
    public List<string> Write(IEnumerable<string> words, TextWriter writer)
    {
        var missing = new List<string>();
        foreach (var word in words.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var ways = Pronounce(word);
            if (ways.Count == 0)
            {
                missing.Add(word);
                continue;
            }

            for (var i = 0; i < ways.Count; i++)
            {
                writer.WriteLine(i == 0 ? $"{word} {ways[i]}" : $"{word}({i + 1}) {ways[i]}");
            }
        }

        return missing;
    }
}
