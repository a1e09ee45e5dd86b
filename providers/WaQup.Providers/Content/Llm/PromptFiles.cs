using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace WaQup.Providers.Content.Llm;

/// <summary>
/// The words we send to language models, kept as text files beside this class (<c>Prompts/*.txt</c>) and built into
/// the assembly, so a prompt is reviewed and changed as a file, not as a string inside code.
/// </summary>
/// <remarks>
/// A file may hold <c>{{name}}</c> placeholders. <see cref="Fill"/> demands a value for every placeholder in the file
/// and a placeholder for every value given: a prompt sent with a hole in it, or without a value someone meant to pass,
/// is a bug found at the first call rather than an answer quietly made worse.
/// </remarks>
public static partial class PromptFiles
{
    public const string ScriptSystem = "script-system";
    public const string AffirmationStructure = "script-affirmation";
    public const string MeditationStructure = "script-meditation";
    public const string RitualStructure = "script-ritual";
    public const string SlotsSystem = "slots-system";

    private static readonly ConcurrentDictionary<string, string> Loaded = new(StringComparer.Ordinal);

    /// <summary>Every prompt file built in, by name.</summary>
    public static IReadOnlyList<string> Names { get; } = [ScriptSystem, AffirmationStructure, MeditationStructure, RitualStructure, SlotsSystem];

    /// <summary>The file's text as written, line endings made \n and the final newline dropped.</summary>
    public static string Text(string name) => Loaded.GetOrAdd(name, Load);

    /// <summary>The placeholders the file holds, each once.</summary>
    public static IReadOnlySet<string> Placeholders(string name) =>
        Placeholder().Matches(Text(name)).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>The file with each placeholder replaced by its value; a placeholder without a value, or a value without a placeholder, throws.</summary>
    public static string Fill(string name, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var wanted = Placeholders(name);
        var missing = wanted.Where(p => !values.ContainsKey(p)).ToList();
        var unused = values.Keys.Where(k => !wanted.Contains(k)).ToList();
        if (missing.Count > 0 || unused.Count > 0)
        {
            throw new InvalidOperationException(
                $"Prompt {name}: " + string.Join("; ", new[]
                {
                    missing.Count > 0 ? $"no value for {string.Join(", ", missing)}" : null,
                    unused.Count > 0 ? $"no placeholder for {string.Join(", ", unused)}" : null,
                }.OfType<string>()));
        }

        // One pass, so a value that happens to contain "{{x}}" is not filled in again.
        return Placeholder().Replace(Text(name), m => values[m.Groups["name"].Value]);
    }

    private static string Load(string name)
    {
        var resource = $"WaQup.Providers.Content.Llm.Prompts.{name}.txt";
        using var stream = typeof(PromptFiles).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"No prompt file {name}.txt is built in ({resource}).");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd().ReplaceLineEndings("\n").TrimEnd('\n');
    }

    [GeneratedRegex(@"\{\{(?<name>[a-z_]+)\}\}")]
    private static partial Regex Placeholder();
}
