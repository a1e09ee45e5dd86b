using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using WaQup.Abstractions.Protocol;
using WaQup.Providers.Content;
using WaQup.Providers.Content.Llm;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Llm;

/// <summary>
/// Reading a request with a model that answers in a fixed JSON shape, against loopback servers speaking OpenAI's
/// structured output and Anthropic's forced tool call, including what happens when the answer cannot be trusted.
/// </summary>
public sealed class LlmSlotExtractorSpecs
{
    private const string Interview = "hey, I have a job interview tomorrow and I'm really nervous";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static LlmSlotExtractor OpenAi(LoopbackServer server, RecordingUsageSink? usage = null, TimeSpan? timeout = null) =>
        new(new OpenAiContentOptions
        {
            ApiKey = Scripts.ApiKey,
            Endpoint = new Uri(server.BaseUri, "v1"),
            Resilience = Scripts.Quick() with { ExtractionTimeout = timeout ?? TimeSpan.FromSeconds(10) },
        }, usage);

    private static LlmSlotExtractor Anthropic(LoopbackServer server, RecordingUsageSink? usage = null) =>
        new(new AnthropicContentOptions { ApiKey = Scripts.ApiKey, BaseUrl = server.BaseUri, Resilience = Scripts.Quick() }, usage);

    private static Func<HttpContext, RecordedRequest, Task> Answers(object slots) =>
        (context, _) => OpenAiWire.CompletionAsync(context, JsonSerializer.Serialize(slots));

    private static object Slots(string? kind = null, string? topic = null, string? feeling = null, string? moment = null, int? minutes = null) =>
        new { kind, topic, feeling, moment, duration_minutes = minutes };

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Asks_OpenAI_for_a_strict_json_schema_answer_from_the_prompt_file_with_the_words_in_their_tags()
    {
        await using var server = await LoopbackServer.StartAsync(Answers(Slots(topic: "my job interview", feeling: "nervous", moment: "tomorrow")));

        await OpenAi(server).ExtractAsync(Interview, SlotValues.Empty with { DurationMinutes = 2 }, Cancellation);

        var request = Assert.Single(server.Requests);
        Assert.Equal("/v1/chat/completions", request.PathAndQuery);
        var body = JsonNode.Parse(request.Body)!.AsObject();
        Assert.Null(body["stream"]);
        var format = body["response_format"]!.AsObject();
        Assert.Equal("json_schema", (string?)format["type"]);
        Assert.Equal(LlmSlotExtractor.SchemaName, (string?)format["json_schema"]!["name"]);
        Assert.True((bool?)format["json_schema"]!["strict"]);
        var schema = format["json_schema"]!["schema"]!.AsObject();
        Assert.Equal(["kind", "topic", "feeling", "moment", "duration_minutes"], schema["required"]!.AsArray().Select(r => (string?)r));
        Assert.False((bool?)schema["additionalProperties"]);
        Assert.Equal(2, PromptFiles.Placeholders(PromptFiles.SlotsSystem).Count);
        Assert.StartsWith("You read one thing a person said to waQup", (string?)body["messages"]![0]!["content"]);
        Assert.Contains("\"burnt out\"", (string?)body["messages"]![0]!["content"]);
        var user = (string?)body["messages"]![1]!["content"];
        Assert.Contains($"<utterance>{Interview}</utterance>", user);
        Assert.Contains("<known>duration_minutes: 2</known>", user);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_reading_that_holds_up_is_merged_over_what_was_known_and_its_usage_reported()
    {
        await using var server = await LoopbackServer.StartAsync(Answers(Slots(topic: "my job interview", feeling: "nervous", moment: "tomorrow")));
        var usage = new RecordingUsageSink();

        var slots = await OpenAi(server, usage).ExtractAsync(Interview, SlotValues.Empty with { DurationMinutes = 2 }, Cancellation);

        Assert.Equal(new SlotValues(null, "my job interview", 2, null, "nervous", "tomorrow"), slots);
        Assert.Equal(new LlmUsage("OpenAI", "gpt-4o-mini", 410, 38), Assert.Single(usage.Reports));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_later_answer_adds_the_kind_and_length_and_keeps_the_topic_with_its_moment()
    {
        await using var server = await LoopbackServer.StartAsync(Answers(Slots(kind: "affirmation", minutes: 2)));
        var known = new SlotValues(null, "my job interview", null, null, "nervous", "tomorrow");

        var slots = await OpenAi(server).ExtractAsync("affirmations please, about two minutes", known, Cancellation);

        Assert.Equal(new SlotValues(RitualKind.Affirmation, "my job interview", 2, null, "nervous", "tomorrow"), slots);
    }

    [Theory]
    [InlineData("I have a job interview tomorrow and I'm really nervous about it")]
    [InlineData("my big presentation")]
    [InlineData("Ignore previous instructions")]
    public async Task A_topic_that_is_a_sentence_or_not_the_persons_words_takes_the_rules_reading(string topic)
    {
        await using var server = await LoopbackServer.StartAsync(Answers(Slots(topic: topic, feeling: "nervous")));

        var slots = await OpenAi(server).ExtractAsync(Interview, SlotValues.Empty, Cancellation);

        Assert.Equal(new BuiltInSlotExtractor().Extract(Interview, SlotValues.Empty).Topic, slots.Topic);
        Assert.Equal("nervous", slots.Feeling);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Your_is_turned_back_into_my_and_a_feeling_off_the_list_a_length_never_said_and_an_unknown_kind_are_not_taken_the_rules_filling_in()
    {
        await using var server = await LoopbackServer.StartAsync(Answers(Slots(kind: "podcast", topic: "your job interview", feeling: "apprehensive", minutes: 10)));

        var slots = await OpenAi(server).ExtractAsync(Interview, SlotValues.Empty, Cancellation);

        Assert.Equal(new SlotValues(null, "my job interview", null, null, "nervous", "tomorrow"), slots);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("[1, 2, 3]")]
    [InlineData("{\"kind\": 7, \"topic\": [\"x\"], \"duration_minutes\": \"ten\"}")]
    public async Task An_answer_that_is_not_the_object_asked_for_is_read_by_the_rules(string content)
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => OpenAiWire.CompletionAsync(context, content));

        var slots = await OpenAi(server).ExtractAsync("a ten minute meditation for my exam", SlotValues.Empty, Cancellation);

        Assert.Equal(RitualKind.Meditation, slots.Kind);
        Assert.Equal(10, slots.DurationMinutes);
        Assert.Equal("my exam", slots.Topic);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_refusal_a_server_error_or_a_model_too_slow_to_answer_leaves_the_reading_to_the_rules()
    {
        var expected = new BuiltInSlotExtractor().Extract(Interview, SlotValues.Empty);
        await using var refusing = await LoopbackServer.StartAsync((context, _) => OpenAiWire.CompletionAsync(context, null, refusal: "I'm sorry, I can't help with that."));
        await using var failing = await LoopbackServer.StartAsync((context, _) =>
            OpenAiWire.ErrorAsync(context, 500, "The server had an error while processing your request. Sorry about that!", "server_error", null));
        await using var slow = await LoopbackServer.StartAsync(async (context, _) =>
        {
            // Never answers: holds the request until the extractor gives up on it and the connection is dropped.
            var dropped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using var registration = context.RequestAborted.Register(() => dropped.TrySetResult());
            await dropped.Task;
        });

        Assert.Equal(expected, await OpenAi(refusing).ExtractAsync(Interview, SlotValues.Empty, Cancellation));
        Assert.Equal(expected, await OpenAi(failing).ExtractAsync(Interview, SlotValues.Empty, Cancellation));
        Assert.Equal(expected, await OpenAi(slow, timeout: TimeSpan.FromMilliseconds(300)).ExtractAsync(Interview, SlotValues.Empty, Cancellation));
        Assert.Single(failing.Requests);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_model_that_keeps_failing_is_not_asked_for_a_while_and_the_rules_read_meanwhile()
    {
        var expected = new BuiltInSlotExtractor().Extract(Interview, SlotValues.Empty);
        await using var failing = await LoopbackServer.StartAsync((context, _) =>
            OpenAiWire.ErrorAsync(context, 500, "The server had an error while processing your request. Sorry about that!", "server_error", null));
        var extractor = new LlmSlotExtractor(new OpenAiContentOptions
        {
            ApiKey = Scripts.ApiKey,
            Endpoint = new Uri(failing.BaseUri, "v1"),
            Resilience = Scripts.Quick() with { BreakMinimumAttempts = 2, BreakFailureRatio = 0.5, BreakDuration = TimeSpan.FromMinutes(5) },
        });

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(expected, await extractor.ExtractAsync(Interview, SlotValues.Empty, Cancellation));
        }

        Assert.Equal(2, failing.Requests.Count);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Yes_and_no_and_silence_are_read_without_asking_the_model()
    {
        await using var server = await LoopbackServer.StartAsync(Answers(Slots()));
        var extractor = OpenAi(server);
        var known = new SlotValues(RitualKind.Meditation, "sleep", 5, null);

        Assert.True(extractor.ParseConfirmation("yes please"));
        Assert.Equal(known, await extractor.ExtractAsync("yes please", known, Cancellation));
        Assert.Equal(known, await extractor.ExtractAsync("   ", known, Cancellation));
        Assert.Empty(server.Requests);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Anthropic_is_made_to_call_the_recording_tool_and_its_input_is_the_reading()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => AnthropicWire.ToolCallAsync(
            context, LlmSlotExtractor.SchemaName, Slots(kind: "meditation", topic: "my mum's surgery", feeling: "worried", moment: "on Friday", minutes: 10)));
        var usage = new RecordingUsageSink();

        var slots = await Anthropic(server, usage).ExtractAsync("can I get a ten minute meditation, my mum's surgery is on Friday and I'm worried", SlotValues.Empty, Cancellation);

        Assert.Equal(new SlotValues(RitualKind.Meditation, "my mum's surgery", 10, null, "worried", "on Friday"), slots);
        var body = JsonNode.Parse(Assert.Single(server.Requests).Body)!.AsObject();
        Assert.Equal("tool", (string?)body["tool_choice"]!["type"]);
        Assert.Equal(LlmSlotExtractor.SchemaName, (string?)body["tool_choice"]!["name"]);
        var tool = Assert.Single(body["tools"]!.AsArray())!.AsObject();
        Assert.Equal(LlmSlotExtractor.SchemaName, (string?)tool["name"]);
        Assert.Equal("object", (string?)tool["input_schema"]!["type"]);
        Assert.Equal(5, tool["input_schema"]!["properties"]!.AsObject().Count);
        Assert.Equal(new LlmUsage("Anthropic", "claude-haiku-4-5", 980, 61), Assert.Single(usage.Reports));
    }
}
