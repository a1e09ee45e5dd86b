using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using WaQup.Abstractions.Protocol;

namespace WaQup.Providers.Content;

/// <summary>The embedded script writer: curated, personalised templates, paced to length, deterministic per seed; no network.</summary>
/// <remarks>
/// Scripts are English whatever <see cref="RitualSpec.Locale"/> says: the templates are English prose, and a
/// machine translation of them would read worse than English to most listeners. Durations are clamped to 1–60 minutes.
/// </remarks>
public sealed partial class BuiltInScriptWriter : IScriptWriter
{
    /// <summary>
    /// The speaking rate the pacing assumes. espeak-ng runs at 160 in our configuration (its own default is 175),
    /// so a script's pauses fill its length when spoken by the embedded voice.
    /// </summary>
    public const int WordsPerMinute = 160;

    /// <summary>How long <paramref name="text"/> takes to say at <see cref="WordsPerMinute"/>.</summary>
    public static int EstimateSpeechMs(string text) => Pacing.SpeechMs(text);

    public string TitleFor(RitualSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var context = new ScriptContext(spec);

        // A separate stream of choices from the script's, so a new title template never changes a saved script.
        var random = new SeededRandom(unchecked((spec.Seed * 31) + 17));
        var templates = context.Name is not null && random.Next(3) == 0
            ? TitleLines.WithName[spec.Kind]
            : TitleLines.Plain[spec.Kind];
        var template = random.Pick(templates);
        var topicWords = context.Topic.SecondPerson.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var kept = topicWords.Length; kept > 0; kept--)
        {
            var topic = kept == topicWords.Length ? context.Topic.SecondPerson : string.Join(' ', topicWords[..kept]) + "…";
            var title = Title(template, topic, context);
            if (title.Length <= TitleLines.MaxLength)
            {
                return title;
            }
        }

        var fallback = Title(TitleLines.Plain[spec.Kind][0], topicWords[0], context);
        return fallback.Length <= TitleLines.MaxLength ? fallback : fallback[..(TitleLines.MaxLength - 1)] + "…";
    }

    public async IAsyncEnumerable<ScriptPiece> WriteAsync(RitualSpec spec, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var plan = Plan(spec);
        for (var i = 0; i < plan.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // Hands the thread back now and then, so a long script never monopolises the caller's scheduler.
            if (i % 16 == 15)
            {
                await Task.Yield();
                cancellationToken.ThrowIfCancellationRequested();
            }

            yield return plan[i].Piece;
        }
    }

    /// <summary>The whole script with the section of each sentence; <see cref="WriteAsync"/> streams exactly these pieces.</summary>
    public IReadOnlyList<PlannedPiece> Plan(RitualSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var context = new ScriptContext(spec);
        return spec.Kind switch
        {
            RitualKind.Affirmation => AffirmationPlanner.Plan(context),
            RitualKind.Meditation => MeditationPlanner.Plan(context),
            RitualKind.Ritual => RitualPlanner.Plan(context),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Kind, "unknown ritual kind"),
        };
    }

    // One pass, so a topic that itself contains braces is never expanded again.
    private static string Title(string template, string topic, ScriptContext context) =>
        TitlePlaceholder().Replace(template, m => m.Groups[1].Value switch
        {
            "T" => TopicPhrase.Capitalise(topic),
            "t" => topic,
            "m" => context.Minutes.ToString(CultureInfo.InvariantCulture),
            _ => context.Name ?? string.Empty,
        });

    [GeneratedRegex(@"\{(T|t|m|name)\}")]
    private static partial Regex TitlePlaceholder();
}
