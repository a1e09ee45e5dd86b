using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using WaQup.Client;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Cluster;

/// <summary>The api as its own process, an Orleans client in front of a silo: conversations and REST pass through it.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SplitTopologyTests
{
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Content:Provider"] = "loadtest",
        ["Speech:Provider"] = "loadtest",
        ["Conversation:PaceFactor"] = "20",
    };

    [Fact(Timeout = TestTimeouts.Cluster)]
    public async Task An_api_node_in_front_of_a_silo_serves_a_whole_ritual_and_its_audio()
    {
        await using var cluster = await NodeProcesses.StartAsync(silos: 1, apis: 1, Settings);
        var api = cluster.Urls[1];
        var token = await cluster.TokenAsync(1, $"split-{Guid.NewGuid():N}");

        await using var client = await ConversationClient.ConnectAsync(api, token);
        await client.SendAsync(new { type = "session.start" });
        await client.WaitForAsync("session.ready", TimeSpan.FromSeconds(20));
        await client.SendAsync(new { type = "ritual.request", kind = "affirmation", topic = "calm mornings", duration_minutes = 1, confirm = true });
        var created = await client.WaitForAsync("ritual.created", TimeSpan.FromSeconds(60));
        Assert.Contains(client.Log, r => r.IsAudio);

        using var http = new HttpClient { BaseAddress = api };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var ritual = JsonNode.Parse(await http.GetStringAsync($"/v1/rituals/{created["ritual_id"]}"))!;
        var audio = await http.GetByteArrayAsync((string)ritual["audio_url"]!);
        Assert.Equal("OggS"u8.ToArray(), audio[..4]);
        using var ready = await http.GetAsync("/readyz");
        Assert.True(ready.IsSuccessStatusCode, await ready.Content.ReadAsStringAsync());
    }
}
