using System.Text.RegularExpressions;

namespace WaQup.Providers.Content;

/// <summary>One script being written: the person, the topic, the length, and the seeded choices.</summary>
internal sealed partial class ScriptContext(RitualSpec spec)
{
    public const int MinMinutes = 1;
    public const int MaxMinutes = 60;

    public int Minutes { get; } = Math.Clamp(spec.DurationMinutes, MinMinutes, MaxMinutes);

    public int TotalMs => Minutes * 60_000;

    public string? Name { get; } = CleanName(spec.DisplayName);

    public TopicPhrase Topic { get; } = TopicPhrase.From(spec.Topic);

    /// <summary>How the person said they feel, when it is one of the words the lines are written for; never free text.</summary>
    public string? Feeling { get; } = spec.Feeling is { } said && NeedParts.Feelings.Contains(said) ? said : null;

    /// <summary>A feeling the script should steady (nervous, tired, sad), as opposed to one it may simply share (excited).</summary>
    public bool FeelingIsHard => Feeling is not null && !PleasantFeelings.Contains(Feeling);

    public SeededRandom Random { get; } = new(spec.Seed);

    /// <summary>"five minutes", or "one minute".</summary>
    public string MinutesInWords => Minutes == 1 ? "one minute" : $"{NumberWords.Cardinal(Minutes)} minutes";

    public string Pick(IReadOnlyList<string> withName, IReadOnlyList<string> withoutName) =>
        Fill(Random.Pick(Name is null ? withoutName : withName));

    public string Pick(IReadOnlyList<string> templates) => Fill(Random.Pick(templates));

    /// <summary>Fills {t} (topic, second person), {mt} (first person), {name}, {feeling}, {minutes}, {these minutes} and {n-minute}.</summary>
    public string Fill(string template, bool startsSentence = true)
    {
        // One pass, so a topic or name that itself contains braces is never expanded again.
        var text = Placeholder().Replace(template, m => m.Groups[1].Value switch
        {
            "t" => Topic.SecondPerson,
            "mt" => Topic.FirstPerson,
            "name" => Name ?? string.Empty,
            "feeling" => Feeling ?? string.Empty,
            "minutes" => MinutesInWords,
            "these minutes" => Minutes == 1 ? "this one minute" : $"these {MinutesInWords}",
            "n-minute" => $"{NumberWords.Cardinal(Minutes)}-minute",
            _ => m.Value,
        });
        return startsSentence ? TopicPhrase.Capitalise(text) : text;
    }

    private static string? CleanName(string? displayName)
    {
        if (string.IsNullOrWhiteSpace(displayName))
        {
            return null;
        }

        // A display name is spoken inside sentences, so anything that is not part of a name is dropped.
        var name = NameSpaces().Replace(NotNameCharacters().Replace(displayName, " "), " ").Trim(' ', '-', '\'', '.');
        if (name.Length > 40)
        {
            var cut = name.LastIndexOf(' ', 40);
            name = cut > 0 ? name[..cut] : name[..40];
        }

        return name.Length == 0 ? null : name;
    }

    private static readonly HashSet<string> PleasantFeelings = ["excited", "hopeful", "grateful", "happy", "calm"];

    [GeneratedRegex(@"\{(t|mt|name|feeling|minutes|these minutes|n-minute)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"[^\p{L}\p{M}\s'\-.]")]
    private static partial Regex NotNameCharacters();

    [GeneratedRegex(@"\s+")]
    private static partial Regex NameSpaces();
}
