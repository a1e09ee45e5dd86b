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
}
