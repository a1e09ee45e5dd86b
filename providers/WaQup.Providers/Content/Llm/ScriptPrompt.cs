using System.Globalization;
using System.Text;
using WaQup.Abstractions.Protocol;

namespace WaQup.Providers.Content.Llm;

/// <summary>What a language model is asked, for one ritual: the house rules, the request, and how long the answer may be.</summary>
/// <param name="DurationMs">The length the script must fill when spoken, pauses included.</param>
/// <param name="TargetWords">Spoken words asked for: speech at <see cref="BuiltInScriptWriter.WordsPerMinute"/>, with pauses filling the rest.</param>
/// <param name="MaxOutputTokens">A generous ceiling, so a script is never cut off but a runaway answer is.</param>
public sealed record ScriptPrompt(string System, string User, int DurationMs, int TargetWords, int MaxOutputTokens)
{
    /// <summary>The longest topic passed on; a topic is a phrase, and a long one is more likely an attempt at new instructions.</summary>
    public const int MaxTopicLength = 300;

    /// <summary>The longest sentence asked for; <see cref="ScriptValidator"/> refuses longer ones.</summary>
    public const int MaxSentenceWords = 40;

    /// <summary>The house rules (Prompts/script-system.txt), the same for every script.</summary>
    public static string Rules { get; } = PromptFiles.Fill(
        PromptFiles.ScriptSystem,
        new Dictionary<string, string> { ["max_sentence_words"] = NumberWords.Cardinal(MaxSentenceWords) });

    /// <summary>The prompt for <paramref name="spec"/>, with the same clamping of duration and cleaning of the name as the built-in writer.</summary>
    public static ScriptPrompt For(RitualSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var topic = Topic(spec.Topic);
        var context = new ScriptContext(spec with { Topic = topic });
        var minutes = context.Minutes;
        var words = (int)Math.Round(minutes * BuiltInScriptWriter.WordsPerMinute * SpeechShare(spec.Kind, minutes));
        var pauseSeconds = (context.TotalMs / 1000) - (words * 60 / BuiltInScriptWriter.WordsPerMinute);

        var user = new StringBuilder();
        user.AppendLine(Describe(spec.Kind, minutes)).AppendLine();
        user.Append("<topic>").Append(topic).AppendLine("</topic>");
        if (!context.Topic.IsGeneral)
        {
            user.Append("Spoken back to the listener, the topic reads well as \"").Append(context.Topic.SecondPerson).AppendLine("\".");
        }

        if (context.Feeling is { } feeling)
        {
            // Only a word from a fixed list reaches the prompt: never the listener's free text outside <topic>.
            user.Append(CultureInfo.InvariantCulture, $"The listener said they feel {feeling} about it. ")
                .AppendLine(context.FeelingIsHard
                    ? "Acknowledge that once, gently, near the start, and help them steady it; do not dwell on it."
                    : "Share that feeling once near the start, and let it carry through.");
        }

        user.AppendLine(context.Name is { } name
            ? $"The listener's name is {name}. Use it in the opening and once near the end, and nowhere else."
            : "You do not know the listener's name: do not invent one.");
        user.AppendLine(Language(spec.Locale)).AppendLine();
        user.AppendLine(Structure(spec.Kind, minutes)).AppendLine();
        user.Append(CultureInfo.InvariantCulture, $"Length: about {words} spoken words in total. ")
            .Append(CultureInfo.InvariantCulture, $"Spoken at {BuiltInScriptWriter.WordsPerMinute} words a minute with the pauses adding up to about {pauseSeconds} seconds, ")
            .Append(CultureInfo.InvariantCulture, $"the whole script lasts {Duration(minutes)}.");

        // About 1.4 tokens a word, a few more for each line's pause markup, and half as much again in reserve.
        var maxTokens = Math.Clamp((int)((words * 2.0 + 256) * 1.5), 512, 8_192);
        return new ScriptPrompt(Rules, user.ToString(), context.TotalMs, words, maxTokens);
    }

    /// <summary>The share of the time spent speaking; the rest is silence. Matches what the built-in planners produce.</summary>
    private static double SpeechShare(RitualKind kind, int minutes) => kind switch
    {
        RitualKind.Affirmation => 0.55,
        RitualKind.Meditation => Math.Clamp(0.5 - (0.07 * Math.Log(minutes)), 0.2, 0.5),
        _ => 0.35,
    };

    private static string Describe(RitualKind kind, int minutes) => kind switch
    {
        RitualKind.Affirmation => $"Write a {Minutes(minutes)} affirmation set for the listener.",
        RitualKind.Meditation => $"Write a {Minutes(minutes)} guided meditation for the listener.",
        _ => $"Write a {Minutes(minutes)} daily ritual for the listener.",
    };

    /// <summary>How the script is laid out, from the kind's prompt file (Prompts/script-*.txt).</summary>
    private static string Structure(RitualKind kind, int minutes) => kind switch
    {
        RitualKind.Affirmation => PromptFiles.Text(PromptFiles.AffirmationStructure),
        RitualKind.Meditation => PromptFiles.Text(PromptFiles.MeditationStructure),
        _ => PromptFiles.Fill(
            PromptFiles.RitualStructure,
            new Dictionary<string, string> { ["step_count"] = NumberWords.Cardinal(StepCount(minutes)) }),
    };

    /// <summary>As many steps as the built-in ritual planner uses for the same length.</summary>
    private static int StepCount(int minutes) => Math.Clamp(2 + (int)Math.Round(Math.Log2(minutes) * 1.2), 2, 10);

    private static string Minutes(int minutes) => $"{NumberWords.Cardinal(minutes)}-minute";

    private static string Duration(int minutes) => minutes == 1 ? "one minute" : $"{NumberWords.Cardinal(minutes)} minutes";

    private static string Topic(string? topic)
    {
        // Tags inside the topic could close the block early and smuggle in text that reads as ours.
        var text = (topic ?? string.Empty).Replace('<', ' ').Replace('>', ' ').Trim();
        text = text.Length > MaxTopicLength ? text[..MaxTopicLength] : text;
        return text.Length == 0 ? TopicPhrase.General : text;
    }

    private static string Language(string? locale) =>
        // The voices and the built-in writer are English; a script in another language would be read with English sounds.
        locale is { Length: > 3 } && locale.StartsWith("en-", StringComparison.OrdinalIgnoreCase)
            ? $"Write in English, with the spelling used in {locale}."
            : "Write in English.";
}
