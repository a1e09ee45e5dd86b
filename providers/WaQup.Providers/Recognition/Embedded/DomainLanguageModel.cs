using System.Collections;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using WaQup.Providers.Content;

namespace WaQup.Providers.Recognition.Embedded;

/// <summary>
/// Builds the embedded recogniser's language model and dictionary from the project's own phrases: the utterances of
/// <c>DomainPhrases.txt</c> make the n-grams, and the built-in writer's words join them as background vocabulary.
/// Built once per machine and content (the files are cached under a hash of what went in).
/// </summary>
public static partial class DomainLanguageModel
{
    /// <summary>Changes whenever the way the model is built changes, so a stale cache is never used.</summary>
    private const string BuildVersion = "1";

    private static readonly Type[] WriterBanks = [typeof(AffirmationLines), typeof(MeditationLines), typeof(RitualLines), typeof(TitleLines)];

    /// <summary>Writes (or finds already written) the model's files in <paramref name="cacheRoot"/>.</summary>
    public static async Task<DomainModelFiles> BuildAsync(string dictionaryPath, string cacheRoot, CancellationToken cancellationToken)
    {
        var corpus = DomainCorpus.Embedded();
        var sentences = corpus.Sentences();
        var background = WriterWords();
        var key = Key(sentences, background, dictionaryPath);
        var folder = Path.Combine(cacheRoot, key);
        var files = new DomainModelFiles(Path.Combine(folder, "domain.lm"), Path.Combine(folder, "domain.dic"), []);
        if (File.Exists(files.LanguageModel) && File.Exists(files.Dictionary))
        {
            return files;
        }

        Directory.CreateDirectory(folder);
        var dictionary = await PronunciationDictionary.LoadAsync(dictionaryPath, cancellationToken);
        var words = sentences.SelectMany(s => s.Split(' ')).Concat(background).ToHashSet(StringComparer.Ordinal);
        var dictionaryText = new StringWriter();
        var missing = dictionary.Write(words, dictionaryText).ToHashSet(StringComparer.Ordinal);
        // A word nobody can pronounce cannot be recognised: its sentences go, and the rest of the model stays whole.
        var sayable = sentences.Where(s => !s.Split(' ').Any(missing.Contains)).ToList();
        var model = NgramModel.Estimate(sayable, background.Where(w => !missing.Contains(w)));
        var arpa = new StringWriter();
        model.WriteArpa(arpa);

        // Other processes on this machine may build the same model at once: each writes its own file and moves it in whole.
        await WriteWholeAsync(files.Dictionary, dictionaryText.ToString(), cancellationToken);
        await WriteWholeAsync(files.LanguageModel, arpa.ToString(), cancellationToken);
        return files with { Unpronounceable = [.. missing.Order(StringComparer.Ordinal)] };
    }

    /// <summary>Every word the built-in writer can say, from its line banks.</summary>
    public static SortedSet<string> WriterWords()
    {
        var texts = new List<string>();
        foreach (var bank in WriterBanks)
        {
            foreach (var field in bank.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static))
            {
                Collect(field.GetValue(null), texts, depth: 0);
            }
        }

        var words = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            var spoken = DomainCorpus.Normalise(Placeholder().Replace(text, " "));
            foreach (var word in spoken.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var trimmed = word.Trim('\'');
                if (trimmed.Length > 0 && !trimmed.Contains('{') && !trimmed.Contains('}') && !trimmed.Contains('_'))
                {
                    words.Add(trimmed);
                }
            }
        }

        return words;
    }

    private static void Collect(object? value, List<string> texts, int depth)
    {
        const int MaxDepth = 4;
        switch (value)
        {
            case null:
                return;
            case string text:
                texts.Add(text);
                return;
            case IDictionary dictionary when depth < MaxDepth:
                foreach (var item in dictionary.Values)
                {
                    Collect(item, texts, depth + 1);
                }

                return;
            case IEnumerable items when depth < MaxDepth:
                foreach (var item in items)
                {
                    Collect(item, texts, depth + 1);
                }

                return;
        }

        // A record of the writer's own (a step, a body part): its text properties.
        var type = value.GetType();
        if (type.Assembly == typeof(DomainLanguageModel).Assembly && depth < MaxDepth)
        {
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
            {
                Collect(property.GetValue(value), texts, depth + 1);
            }
        }
    }

    private static string Key(List<string> sentences, SortedSet<string> background, string dictionaryPath)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var info = new FileInfo(dictionaryPath);
        hash.AppendData(Encoding.UTF8.GetBytes($"{BuildVersion}\n{Path.GetFullPath(dictionaryPath)}\n{info.Length}\n{info.LastWriteTimeUtc.Ticks}\n"));
        foreach (var text in sentences.Concat(["--"]).Concat(background))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(text + "\n"));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }

    private static async Task WriteWholeAsync(string path, string text, CancellationToken cancellationToken)
    {
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllTextAsync(temporary, text, cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\{[^}]*\}")]
    private static partial System.Text.RegularExpressions.Regex Placeholder();
}

/// <summary>Where a built model's files are, and the words it had to leave out because no pronunciation was found.</summary>
public sealed record DomainModelFiles(string LanguageModel, string Dictionary, IReadOnlyList<string> Unpronounceable);
