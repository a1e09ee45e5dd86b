using System.Globalization;

namespace WaQup.Providers.Recognition.Embedded;

/// <summary>
/// A trigram language model estimated from sentences with interpolated absolute discounting, written in the ARPA text
/// format PocketSphinx reads. Words outside the sentences but in the background vocabulary get a small share of the
/// unigram mass, so speech that strays from the phrase banks still finds its words.
/// </summary>
/// <remarks>
/// Interpolated absolute discounting maps onto ARPA's back-off form exactly: a seen n-gram stores its interpolated
/// probability, and its history's back-off weight is the mass the discount took away, D · N1+(h·) / c(h).
/// </remarks>
public sealed class NgramModel
{
    public const string SentenceStart = "<s>";
    public const string SentenceEnd = "</s>";
    private const double MinDiscount = 0.1;
    private const double MaxDiscount = 0.9;

    private readonly Dictionary<string, double> _unigrams = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _unigramBackoff = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, string), double> _bigrams = [];
    private readonly Dictionary<(string, string), double> _bigramBackoff = [];
    private readonly Dictionary<(string, string, string), double> _trigrams = [];

    private NgramModel()
    {
    }

    /// <summary>Every word the model can say (without the sentence markers).</summary>
    public IEnumerable<string> Vocabulary => _unigrams.Keys.Where(w => w is not (SentenceStart or SentenceEnd));

    public int Bigrams => _bigrams.Count;

    public int Trigrams => _trigrams.Count;

    /// <param name="sentences">Space-separated words, one utterance each.</param>
    /// <param name="background">Words that may be said outside the sentences.</param>
    /// <param name="backgroundWeight">The share of unigram probability given to the background, evenly.</param>
    public static NgramModel Estimate(IEnumerable<string> sentences, IEnumerable<string> background, double backgroundWeight = 0.05)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(backgroundWeight);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(backgroundWeight, 1.0);
        var c1 = new Dictionary<string, int>(StringComparer.Ordinal);
        var c2 = new Dictionary<(string, string), int>();
        var c3 = new Dictionary<(string, string, string), int>();
        foreach (var sentence in sentences)
        {
            var words = sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0)
            {
                continue;
            }

            string[] padded = [SentenceStart, .. words, SentenceEnd];
            for (var i = 1; i < padded.Length; i++)
            {
                Add(c1, padded[i]);
                Add(c2, (padded[i - 1], padded[i]));
                if (i >= 2)
                {
                    Add(c3, (padded[i - 2], padded[i - 1], padded[i]));
                }
            }
        }

        if (c1.Count == 0)
        {
            throw new ArgumentException("no sentence has a word", nameof(sentences));
        }

        var model = new NgramModel();
        model.EstimateUnigrams(c1, background, backgroundWeight);
        model.EstimateBigrams(c2);
        model.EstimateTrigrams(c3);
        return model;
    }

    /// <summary>P(word | history) as the ARPA model gives it, following back-off: for tests and diagnostics.</summary>
    public double Probability(string word, params string[] history)
    {
        if (history.Length >= 2 && _trigrams.TryGetValue((history[^2], history[^1], word), out var p3))
        {
            return p3;
        }

        var backoff = history.Length >= 2 ? _bigramBackoff.GetValueOrDefault((history[^2], history[^1]), 1.0) : 1.0;
        if (history.Length >= 1 && _bigrams.TryGetValue((history[^1], word), out var p2))
        {
            return backoff * p2;
        }

        var unigramBackoff = history.Length >= 1 ? _unigramBackoff.GetValueOrDefault(history[^1], 1.0) : 1.0;
        return backoff * unigramBackoff * _unigrams.GetValueOrDefault(word);
    }

    public void WriteArpa(TextWriter writer)
    {
        writer.WriteLine(@"\data\");
        writer.WriteLine($"ngram 1={_unigrams.Count}");
        writer.WriteLine($"ngram 2={_bigrams.Count}");
        writer.WriteLine($"ngram 3={_trigrams.Count}");
        writer.WriteLine();
        writer.WriteLine(@"\1-grams:");
        foreach (var (word, p) in _unigrams.OrderBy(u => u.Key, StringComparer.Ordinal))
        {
            // The start of a sentence is never predicted: ARPA's convention is a log probability of -99.
            var logp = word == SentenceStart ? "-99" : Log(p);
            writer.WriteLine(_unigramBackoff.TryGetValue(word, out var bo) ? $"{logp}\t{word}\t{Log(bo)}" : $"{logp}\t{word}");
        }

        writer.WriteLine();
        writer.WriteLine(@"\2-grams:");
        foreach (var ((a, b), p) in _bigrams.OrderBy(g => g.Key.Item1, StringComparer.Ordinal).ThenBy(g => g.Key.Item2, StringComparer.Ordinal))
        {
            writer.WriteLine(_bigramBackoff.TryGetValue((a, b), out var bo) ? $"{Log(p)}\t{a} {b}\t{Log(bo)}" : $"{Log(p)}\t{a} {b}");
        }

        writer.WriteLine();
        writer.WriteLine(@"\3-grams:");
        foreach (var ((a, b, c), p) in _trigrams.OrderBy(g => g.Key.Item1, StringComparer.Ordinal).ThenBy(g => g.Key.Item2, StringComparer.Ordinal).ThenBy(g => g.Key.Item3, StringComparer.Ordinal))
        {
            writer.WriteLine($"{Log(p)}\t{a} {b} {c}");
        }

        writer.WriteLine();
        writer.WriteLine(@"\end\");
    }

    private void EstimateUnigrams(Dictionary<string, int> c1, IEnumerable<string> background, double backgroundWeight)
    {
        var total = (double)c1.Values.Sum();
        var extra = background.Where(w => w is not (SentenceStart or SentenceEnd)).Concat(c1.Keys.Where(w => w != SentenceEnd)).ToHashSet(StringComparer.Ordinal);
        var weight = extra.Count == 0 ? 0 : backgroundWeight;
        foreach (var (word, count) in c1)
        {
            _unigrams[word] = (1 - weight) * count / total;
        }

        foreach (var word in extra)
        {
            _unigrams[word] = _unigrams.GetValueOrDefault(word) + weight / extra.Count;
        }

        _unigrams[SentenceStart] = 0;
    }

    private void EstimateBigrams(Dictionary<(string, string), int> c2)
    {
        var discount = Discount(c2.Values);
        foreach (var history in c2.GroupBy(g => g.Key.Item1, StringComparer.Ordinal))
        {
            var total = (double)history.Sum(g => g.Value);
            var gamma = discount * history.Count() / total;
            _unigramBackoff[history.Key] = gamma;
            foreach (var ((a, b), count) in history)
            {
                _bigrams[(a, b)] = (Math.Max(count - discount, 0) / total) + (gamma * _unigrams[b]);
            }
        }
    }

    private void EstimateTrigrams(Dictionary<(string, string, string), int> c3)
    {
        var discount = Discount(c3.Values);
        foreach (var history in c3.GroupBy(g => (g.Key.Item1, g.Key.Item2)))
        {
            var total = (double)history.Sum(g => g.Value);
            var gamma = discount * history.Count() / total;
            _bigramBackoff[history.Key] = gamma;
            foreach (var ((a, b, c), count) in history)
            {
                _trigrams[(a, b, c)] = (Math.Max(count - discount, 0) / total) + (gamma * _bigrams[(b, c)]);
            }
        }
    }

    /// <summary>Ney's estimate, n1 / (n1 + 2 n2), kept within sensible bounds for small or synthetic corpora.</summary>
    private static double Discount(IEnumerable<int> counts)
    {
        var (n1, n2) = (0, 0);
        foreach (var count in counts)
        {
            n1 += count == 1 ? 1 : 0;
            n2 += count == 2 ? 1 : 0;
        }

        return n1 + n2 == 0 ? 0.5 : Math.Clamp(n1 / (n1 + 2.0 * n2), MinDiscount, MaxDiscount);
    }

    private static string Log(double p) => Math.Log10(p).ToString("0.######", CultureInfo.InvariantCulture);

    private static void Add<T>(Dictionary<T, int> counts, T key)
        where T : notnull =>
        counts[key] = counts.GetValueOrDefault(key) + 1;
}
