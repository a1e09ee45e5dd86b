using System.Text.Json.Nodes;
using WaQup.Tests.CloudSpeech;
using WaQup.Tests.Infrastructure;
using WaQup.Tests.Llm;

namespace WaQup.Tests.Conversation;

/// <summary>
/// The whole system on the real providers' clients: OpenAI writes the script and ElevenLabs speaks it, each played
/// by a loopback server in its own wire format, chosen by configuration and API keys as in production.
/// </summary>
public sealed class PaidProviderWireTests
{
    [Fact(Timeout = TestTimeouts.Default)]
    public async Task With_openai_and_elevenlabs_configured_a_ritual_is_written_by_the_model_and_spoken_by_the_voice()
    {
        await using var model = await LoopbackServer.StartAsync((context, _) => OpenAiWire.ScriptAsync(context,
            "I am steady", " and calm before my exam.\n[pause 2s]\n",
            "I breathe in slowly.", "\nI know what I have learned.\n"));
        await using var voice = await LoopbackServer.StartAsync(async (context, _) =>
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "audio/pcm";
            await SpeechWire.StreamAsync(context, SpeechWire.Pcm(6_000), SpeechWire.Pcm(6_001, seed: 2));
        });
        await using var server = await WaQupServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["OPENAI_API_KEY"] = "sk-test-openai",
            ["Content:OpenAi:Endpoint"] = new Uri(model.BaseUri, "v1").ToString(),
            ["ELEVENLABS_API_KEY"] = "xi-test-elevenlabs",
            ["Speech:ElevenLabs:BaseUrl"] = voice.BaseUri.ToString(),
        });

        var user = Users.New();
        await using var client = await server.ConnectAsync(user);
        await Talk.StartAsync(client);
        await Talk.RequestAsync(client, "affirmation", "calm before my exam", 1);
        var created = await client.WaitForAsync("ritual.created", TimeSpan.FromSeconds(60));

        var ritual = await server.GetJsonAsync<JsonObject>(user, $"/v1/rituals/{(string)created["ritual_id"]!}");
        var script = (string)ritual["script"]!;
        Assert.Contains("I am steady and calm before my exam.", script);
        Assert.Contains("I know what I have learned.", script);
        Assert.DoesNotContain("[pause", script);

        var completion = Assert.Single(model.Requests);
        Assert.Equal("/v1/chat/completions", completion.PathAndQuery);
        Assert.Equal("Bearer sk-test-openai", completion.Headers["Authorization"]);
        Assert.Contains("\"stream\":true", completion.Body.Replace(" ", ""));

        var spoken = voice.Requests.ToList();
        Assert.All(spoken, r => Assert.Equal("xi-test-elevenlabs", r.Headers["xi-api-key"]));
        Assert.All(spoken, r => Assert.EndsWith("/stream?output_format=pcm_24000", r.PathAndQuery));
        Assert.Contains(spoken, r => r.Body.Contains("I breathe in slowly."));
        Assert.Contains(client.Log, r => r.IsAudio);
    }
    [Fact(Timeout = TestTimeouts.Default)]
    public async Task With_openai_configured_the_model_reads_each_request_in_a_fixed_shape_and_writes_from_what_it_read()
    {
        var readings = new Queue<string>(
        [
            """{"kind": null, "topic": "my job interview", "feeling": "nervous", "moment": "tomorrow", "duration_minutes": null}""",
            """{"kind": "affirmation", "topic": null, "feeling": null, "moment": null, "duration_minutes": 2}""",
        ]);
        await using var model = await LoopbackServer.StartAsync((context, request) =>
        {
            // One endpoint for both: a structured reading is asked for without streaming, a script with it.
            if (!request.Body.Contains("\"stream\":true", StringComparison.Ordinal))
            {
                lock (readings)
                {
                    return OpenAiWire.CompletionAsync(context, readings.Dequeue());
                }
            }

            return OpenAiWire.ScriptAsync(context, "Hello. [pause 2s]\n", "I walk into my job interview steady and ready. [pause 3s]\n", "I am calm, and I am prepared. [pause 3s]\n");
        });
        await using var server = await WaQupServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["OPENAI_API_KEY"] = "sk-test-openai",
            ["Content:OpenAi:Endpoint"] = new Uri(model.BaseUri, "v1").ToString(),
            ["Speech:Provider"] = "flite",
        });

        var user = Users.New();
        await using var client = await server.ConnectAsync(user);
        await Talk.StartAsync(client);
        await client.SendAsync(new { type = "user.text", text = "hey, I have a job interview tomorrow and I'm really nervous" });
        await client.WaitForAsync("assistant.text.done", Talk.Patience);
        await client.SendAsync(new { type = "user.text", text = "affirmations please, about two minutes" });
        var quote = await client.WaitForAsync("assistant.text.done", Talk.Patience, e => ((string?)e["text"])!.Contains("credit", StringComparison.Ordinal));
        await client.SendAsync(new { type = "user.text", text = "yes" });
        var created = await client.WaitForAsync("ritual.created", TimeSpan.FromSeconds(60));

        Assert.StartsWith("A 2-minute affirmation set for your job interview tomorrow costs", (string?)quote["text"], StringComparison.Ordinal);
        var requests = model.Requests.ToList();
        Assert.Equal(3, requests.Count);
        Assert.All(requests.Take(2), r => Assert.Contains("json_schema", r.Body, StringComparison.Ordinal));
        Assert.Contains("<known>topic: my job interview; feeling: nervous; moment: tomorrow</known>", JsonNode.Parse(requests[1].Body)!["messages"]![1]!["content"]!.GetValue<string>());
        var prompt = JsonNode.Parse(requests[2].Body)!["messages"]![1]!["content"]!.GetValue<string>();
        Assert.Contains("<topic>my job interview tomorrow</topic>", prompt);
        Assert.Contains("feel nervous", prompt);
        var ritual = await server.GetJsonAsync<JsonObject>(user, $"/v1/rituals/{(string)created["ritual_id"]!}");
        Assert.Contains("I walk into my job interview steady and ready.", (string)ritual["script"]!);
    }
}
