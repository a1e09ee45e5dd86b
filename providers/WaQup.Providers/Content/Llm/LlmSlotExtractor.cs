using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;
using WaQup.Abstractions.Protocol;

namespace WaQup.Providers.Content.Llm;

/// <summary>
/// Reads what someone asked for with a language model answering in a fixed JSON shape (OpenAI's structured output, or
/// a tool call Anthropic's model is made to make), checked against what they actually said; the built-in rules stand in
/// for whatever the model leaves out, gets wrong, or cannot answer in time.
/// </summary>
/// <remarks>
/// <para>
/// The answer is never trusted as it comes: a kind must be one of ours, a feeling one of <see cref="NeedParts.Feelings"/>,
/// a length a whole number of minutes from 1 to 60 that the person gave, and a topic or moment short, without sentence
/// punctuation, and made of the person's own words (so a model cannot invent one, nor slip in text of its own). A field
/// that fails takes the built-in reading of the same utterance instead.
/// </para>
/// <para>
/// A person is waiting for the answer, so there is one attempt, with a short deadline
/// (<see cref="LlmResilienceOptions.ExtractionTimeout"/>), and a circuit breaker that stops asking a model that keeps
/// failing for a while. Yes and no are read by the built-in rules: they need no model.
/// </para>
/// </remarks>
public sealed partial class LlmSlotExtractor : ISlotExtractor
{
    public const string SchemaName = "record_ritual_request";

    /// <summary>The longest topic taken from a model, in words.</summary>
    public const int MaxTopicWords = 8;

    private const int MaxMomentWords = 4;

    /// <summary>The longest utterance sent; someone who talks for longer has said what they want in the first part.</summary>
    private const int MaxUtteranceLength = 1_000;

    private static readonly HashSet<string> LinkWords = new(StringComparer.Ordinal)
    {
        "my", "your", "the", "a", "an", "for", "of", "to", "and", "with", "at", "in", "on", "about", "before", "after", "i", "me",
    };

    private readonly ILlmTextSource _source;
    private readonly LlmResilienceOptions _options;
    private readonly ILlmUsageSink? _usage;
    private readonly ILogger _logger;
    private readonly BuiltInSlotExtractor _rules = new();
    private readonly ResiliencePipeline _pipeline;

    internal LlmSlotExtractor(ILlmTextSource source, LlmResilienceOptions options, ILlmUsageSink? usage, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _source = source;
        _options = options;
        _usage = usage;
        _logger = logger ?? NullLogger.Instance;
        _pipeline = new ResiliencePipelineBuilder()
            // Every failure counts, a timeout included; the caller giving up does not.
            .AddCircuitBreaker(options.Breaker(error => error is not null and not OperationCanceledException))
            .AddTimeout(options.ExtractionTimeout)
            .Build();
    }

    public LlmSlotExtractor(OpenAiContentOptions options, ILlmUsageSink? usage = null, ILogger<LlmSlotExtractor>? logger = null)
        : this(new OpenAiTextSource(options ?? throw new ArgumentNullException(nameof(options))), options.Resilience, usage, logger)
    {
    }

    public LlmSlotExtractor(AnthropicContentOptions options, ILlmUsageSink? usage = null, ILogger<LlmSlotExtractor>? logger = null)
        : this(new AnthropicTextSource(options ?? throw new ArgumentNullException(nameof(options))), options.Resilience, usage, logger)
    {
    }

    /// <summary>Prompts/slots-system.txt filled in once: it is the same for every request.</summary>
    private static readonly string System = PromptFiles.Fill(PromptFiles.SlotsSystem, new Dictionary<string, string>
    {
        ["max_topic_words"] = NumberWords.Cardinal(MaxTopicWords),
        ["feelings"] = string.Join(", ", NeedParts.Feelings.Select(f => $"\"{f}\"")),
    });

    /// <summary>The JSON schema every answer must follow: all five fields, each nullable.</summary>
    public static string Schema { get; } = BuildSchema();

    public bool? ParseConfirmation(string utterance) => _rules.ParseConfirmation(utterance);

    public async ValueTask<SlotValues> ExtractAsync(string utterance, SlotValues known, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(known);
        if (string.IsNullOrWhiteSpace(utterance) || ParseConfirmation(utterance) is not null)
        {
            return known;
        }

        var said = utterance.Length > MaxUtteranceLength ? utterance[..MaxUtteranceLength] : utterance;
        var rules = _rules.Extract(said, SlotValues.Empty);
        string? answer;
        try
        {
            answer = await _pipeline.ExecuteAsync(
                async token => await AskAsync(said, known, token).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            var reason = error switch
            {
                TimeoutRejectedException => $"no answer within {_options.ExtractionTimeout.TotalSeconds:0.#} s",
                BrokenCircuitException => "it failed repeatedly, so it is not asked for a while",
                LlmCallException call => call.Message,
                _ => _source.Describe(error, new LlmAttempt()).Message,
            };
            _logger.LogWarning("{Provider} could not read the request ({Reason}); the built-in rules read it", _source.Provider, reason);
            return _rules.Extract(said, known);
        }

        if (answer is null || Parse(answer) is not { } model)
        {
            _logger.LogWarning("{Provider} gave no reading of the request; the built-in rules read it", _source.Provider);
            return _rules.Extract(said, known);
        }

        return Merge(Check(model, said, rules), known, rules.Voice);
    }

    private async Task<string?> AskAsync(string utterance, SlotValues known, CancellationToken cancellationToken)
    {
        var attempt = new LlmAttempt();
        try
        {
            return await _source.AskForObjectAsync(Prompt(utterance, known), attempt, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (_usage is not null && (attempt.InputTokens is not null || attempt.OutputTokens is not null))
            {
                _usage.Record(new LlmUsage(_source.Provider, _source.Model, attempt.InputTokens ?? 0, attempt.OutputTokens ?? 0));
            }
        }
    }

    /// <summary>The question for one utterance: the house prompt, what is known so far, and the words in their tags.</summary>
    public static StructuredPrompt Prompt(string utterance, SlotValues known)
    {
        ArgumentNullException.ThrowIfNull(utterance);
        ArgumentNullException.ThrowIfNull(known);
        var user = new StringBuilder();
        user.Append("<known>");
        var parts = new List<string>();
        if (known.Kind is { } kind)
        {
            parts.Add($"kind: {kind.ToString().ToLowerInvariant()}");
        }

        if (known.Topic is { } topic)
        {
            parts.Add($"topic: {Untagged(topic)}");
        }

        if (known.Feeling is { } feeling)
        {
            parts.Add($"feeling: {feeling}");
        }

        if (known.Moment is { } moment)
        {
            parts.Add($"moment: {Untagged(moment)}");
        }

        if (known.DurationMinutes is { } minutes)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"duration_minutes: {minutes}"));
        }

        user.Append(parts.Count == 0 ? "nothing yet" : string.Join("; ", parts)).AppendLine("</known>");
        user.Append("<utterance>").Append(Untagged(utterance)).AppendLine("</utterance>");
        return new StructuredPrompt(System, user.ToString(), SchemaName, "What the person asked for, as far as they said it.", Schema, 200);
    }

    /// <summary>The model's object, or null when it is not the one asked for (a field missing, or of the wrong type).</summary>
    private static SlotValues? Parse(string answer)
    {
        JsonObject? json;
        try
        {
            json = JsonNode.Parse(answer) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }

        string[] texts = ["kind", "topic", "feeling", "moment"];
        if (json is null || !texts.Append("duration_minutes").All(json.ContainsKey)
            || texts.Any(name => json[name] is not null && !(json[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String))
            || json["duration_minutes"] is not null && json["duration_minutes"]!.GetValueKind() != JsonValueKind.Number)
        {
            return null;
        }

        RitualKind? kind = Text(json, "kind")?.Trim().ToLowerInvariant() switch
        {
            "affirmation" => RitualKind.Affirmation,
            "meditation" => RitualKind.Meditation,
            "ritual" => RitualKind.Ritual,
            _ => null,
        };
        int? minutes = json["duration_minutes"] is JsonValue value && value.TryGetValue<double>(out var number) && number == Math.Floor(number) && number is >= 1 and <= 60
            ? (int)number
            : null;
        return new SlotValues(kind, Text(json, "topic"), minutes, null, Text(json, "feeling"), Text(json, "moment"));
    }

    /// <summary>
    /// Keeps what the model read that holds up against the words said. A feeling, moment or length it gave that does not
    /// hold up, or that it missed, takes the rules' reading, which finds those from word lists and is rarely wrong. The
    /// kind and topic are the model's to leave out: the rules guess a meditation from words of worry, and take "feeling
    /// nervous" for a topic, where the prompt asks the model not to; a topic it gave that does not hold up takes the rules'.
    /// </summary>
    private static SlotValues Check(SlotValues model, string utterance, SlotValues rules)
    {
        var said = SaidWords(utterance);
        var feeling = model.Feeling?.Trim().ToLowerInvariant() is { } f && NeedParts.Feelings.Contains(f) ? f : null;
        var topic = Phrase(model.Topic, MaxTopicWords, said, firstPerson: true);
        if (topic is not null && (KindWords.IsKindNoun(topic) || NeedParts.Feelings.Contains(topic)))
        {
            topic = null;
        }

        var moment = Phrase(model.Moment, MaxMomentWords, said, firstPerson: false);
        var minutes = model.DurationMinutes is { } m && (rules.DurationMinutes is not null || TimeWords().IsMatch(utterance.ToLowerInvariant())) ? m : (int?)null;
        return new SlotValues(
            model.Kind,
            topic ?? (model.Topic is null ? null : rules.Topic),
            minutes ?? rules.DurationMinutes,
            null,
            feeling ?? rules.Feeling,
            moment ?? rules.Moment);
    }

    /// <summary>What this utterance said, over what was known; as the rules do, a new topic brings its own moment.</summary>
    private static SlotValues Merge(SlotValues said, SlotValues known, string? voice) => new(
        said.Kind ?? known.Kind,
        said.Topic ?? known.Topic,
        said.DurationMinutes ?? known.DurationMinutes,
        voice ?? known.Voice,
        said.Feeling ?? known.Feeling,
        said.Topic is not null ? said.Moment : said.Moment ?? known.Moment);

    /// <summary>A short phrase made of the person's words (a "your" turned back into their "my"), or null.</summary>
    private static string? Phrase(string? value, int maxWords, HashSet<string> said, bool firstPerson)
    {
        if (value is null)
        {
            return null;
        }

        var text = Spaces().Replace(value.Replace('\u2019', '\'').Trim().TrimEnd('.', ',', '!', '?', ';', ':'), " ");
        if (text.Length == 0 || text.Length > 80 || Punctuation().IsMatch(text))
        {
            return null;
        }

        var words = text.Split(' ');
        if (words.Length > maxWords)
        {
            return null;
        }

        if (firstPerson)
        {
            words = [.. words.Select(w => w.ToLowerInvariant() switch { "your" => "my", "yours" => "mine", "yourself" => "myself", "you" => "I", _ => w })];
        }

        // Every word the person said, but for little linking words and "my", which a model may add to make a phrase.
        var own = words.All(w => LinkWords.Contains(w.ToLowerInvariant()) || said.Contains(w.ToLowerInvariant()));
        return own ? string.Join(' ', words) : null;
    }

    private static HashSet<string> SaidWords(string utterance) =>
        WordPattern().Matches(utterance.ToLowerInvariant().Replace('\u2019', '\'')).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);

    private static string? Text(JsonObject json, string name) =>
        json[name] is JsonValue value && value.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text) ? text : null;

    /// <summary>The person's words can hold no tag of ours: angle brackets become spaces.</summary>
    private static string Untagged(string text) => text.Replace('<', ' ').Replace('>', ' ');

    private static string BuildSchema()
    {
        static JsonObject Nullable(string type, string description, IEnumerable<string>? values = null)
        {
            var property = new JsonObject { ["type"] = new JsonArray(type, "null"), ["description"] = description };
            if (values is not null)
            {
                var allowed = new JsonArray();
                foreach (var v in values)
                {
                    allowed.Add(v);
                }

                allowed.Add(null);
                property["enum"] = allowed;
            }

            return property;
        }

        var schema = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["kind"] = Nullable("string", "The kind of ritual asked for, or null when none was named.", ["affirmation", "meditation", "ritual"]),
                ["topic"] = Nullable("string", "What it is for: a short noun phrase in the person's words, or null."),
                ["feeling"] = Nullable("string", "How they feel about it, one word of the list, or null.", NeedParts.Feelings),
                ["moment"] = Nullable("string", "When it happens, in their words, or null."),
                ["duration_minutes"] = Nullable("integer", "How long they want it, in whole minutes from 1 to 60, or null."),
            },
            ["required"] = new JsonArray("kind", "topic", "feeling", "moment", "duration_minutes"),
            ["additionalProperties"] = false,
        };
        return schema.ToJsonString();
    }

    [GeneratedRegex(@"[\p{L}\p{N}']+")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"[.!?;:<>""()\[\]{}]")]
    private static partial Regex Punctuation();

    // Words that say a length: a number, a unit, or "half", "quarter", "couple", "few".
    [GeneratedRegex(@"\d|\b(?:minutes?|mins?|hours?|hrs?|seconds?|half|quarter|couple|few|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty)\b")]
    private static partial Regex TimeWords();
}
