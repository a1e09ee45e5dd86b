using System.Text.RegularExpressions;

namespace WaQup.Providers.Recognition.Embedded;

/// <summary>
/// The sentences the embedded recogniser's language model learns from: every utterance template of
/// <c>DomainPhrases.txt</c>, filled in from its lists many times over (deterministically, so the model is the same on
/// every machine).
/// </summary>
public sealed partial class DomainCorpus
{
    private const string UtterancePrefix = "say";

    private readonly Dictionary<string, List<string>> _lists;

    private DomainCorpus(Dictionary<string, List<string>> lists) => _lists = lists;

    /// <summary>The templates and lists by name, as the file gives them.</summary>
    public IReadOnlyDictionary<string, List<string>> Lists => _lists;

    /// <summary>The phrase file embedded in this assembly.</summary>
    public static DomainCorpus Embedded()
    {
        using var stream = typeof(DomainCorpus).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The resource {ResourceName} is missing from the build.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    public const string ResourceName = "WaQup.Providers.Recognition.Embedded.DomainPhrases.txt";

    /// <summary>Reads the phrase format: <c>[name]</c> starts a list, each later line is an entry, <c>#</c> a comment.</summary>
    /// <exception cref="FormatException">An entry before any list, a list used but never given, or a list that uses itself.</exception>
    public static DomainCorpus Parse(string text)
    {
        var lists = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        List<string>? current = null;
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                var name = line[1..^1].Trim();
                current = lists.TryGetValue(name, out var existing) ? existing : lists[name] = [];
                continue;
            }

            if (current is null)
            {
                throw new FormatException($"line {lineNumber}: '{line}' comes before any [list]");
            }

            current.Add(Normalise(line));
        }

        var corpus = new DomainCorpus(lists);
        corpus.Validate();
        return corpus;
    }

    /// <summary>
    /// Every utterance template filled in <paramref name="fillsPerTemplate"/> times (or every way, when there are
    /// fewer), from a fixed seed.
    /// </summary>
    public List<string> Sentences(int fillsPerTemplate = 60, int seed = 1)
    {
        var random = new Random(seed);
        var sentences = new List<string>();
        foreach (var (name, templates) in _lists.Where(l => l.Key.StartsWith(UtterancePrefix, StringComparison.Ordinal)).OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            foreach (var template in templates)
            {
                var ways = Ways(template, depth: 0);
                var fills = (int)Math.Min(ways, fillsPerTemplate);
                var seen = new HashSet<string>(StringComparer.Ordinal);
                // Fewer ways than fills: draw until each has come up, with a bound for the unlucky.
                for (var attempt = 0; seen.Count < fills && attempt < fills * 20; attempt++)
                {
                    var sentence = Fill(template, random, depth: 0);
                    if (seen.Add(sentence))
                    {
                        sentences.Add(sentence);
                    }
                }
            }
        }

        return sentences;
    }

    /// <summary>Every word any entry can produce.</summary>
    public SortedSet<string> Words()
    {
        var words = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var entry in _lists.Values.SelectMany(l => l))
        {
            foreach (var word in Slot().Replace(entry, " ").Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                words.Add(word);
            }
        }

        return words;
    }

    /// <summary>Lower case, single spaces, and only what a pronouncing dictionary spells: letters, apostrophes, slots.</summary>
    public static string Normalise(string text)
    {
        var lower = text.ToLowerInvariant().Replace('’', '\'');
        var kept = NotSpoken().Replace(lower, " ");
        return string.Join(' ', kept.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    private string Fill(string template, Random random, int depth) =>
        Slot().Replace(template, match =>
        {
            var entries = _lists[match.Groups["name"].Value];
            return Fill(entries[random.Next(entries.Count)], random, depth + 1);
        });

    /// <summary>How many sentences a template can make, capped so a long chain of lists cannot overflow.</summary>
    private double Ways(string template, int depth)
    {
        var ways = 1.0;
        foreach (Match match in Slot().Matches(template))
        {
            ways *= _lists[match.Groups["name"].Value].Sum(entry => Ways(entry, depth + 1));
            if (ways > 1e9)
            {
                return 1e9;
            }
        }

        return ways;
    }

    private void Validate()
    {
        foreach (var (name, entries) in _lists)
        {
            foreach (var entry in entries)
            {
                CheckSlots(name, entry, [name]);
            }
        }
    }

    private void CheckSlots(string list, string entry, HashSet<string> using_)
    {
        foreach (Match match in Slot().Matches(entry))
        {
            var used = match.Groups["name"].Value;
            if (!_lists.TryGetValue(used, out var entries) || entries.Count == 0)
            {
                throw new FormatException($"[{list}] uses {{{used}}}, which is not a list with entries");
            }

            if (!using_.Add(used))
            {
                throw new FormatException($"[{list}] uses {{{used}}} inside itself");
            }

            foreach (var inner in entries)
            {
                CheckSlots(list, inner, using_);
            }

            using_.Remove(used);
        }
    }

    [GeneratedRegex(@"\{(?<name>[a-z_]+)\}")]
    private static partial Regex Slot();

    [GeneratedRegex(@"[^a-z'{}_ ]+")]
    private static partial Regex NotSpoken();
}
