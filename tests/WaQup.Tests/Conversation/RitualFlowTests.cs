using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Conversation;

/// <summary>The main path of PROTOCOL.md over a real socket: talk, confirm, hear it, find it in the library.</summary>
public sealed class RitualFlowTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private WaQupServer Server => fixture.Server;

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Free_talk_makes_a_ritual_whose_audio_arrives_in_sequence_before_it_is_saved_and_charged_once()
    {
        var user = Users.New();
        await using var client = await Server.ConnectAsync(user);
        var ready = await Talk.StartAsync(client);
        Assert.Equal(10, (int)ready["credits"]!["balance"]!);
        Assert.Equal("pcm16", (string?)ready["audio_format"]);
        Assert.Equal(24000, (int)ready["sample_rate"]!);

        await client.SendAsync(new { type = "user.text", text = "something to calm me down before my exam, one minute" });
        await client.WaitForAsync("state.changed", Talk.Patience, e => (string?)e["state"] == "confirming");
        var quote = await client.WaitForAsync("assistant.text.done", Talk.Patience);
        Assert.Contains("credit", (string?)quote["text"]);

        await client.SendAsync(new { type = "user.text", text = "yes please" });
        var created = await client.WaitForAsync("ritual.created", TimeSpan.FromSeconds(60));
        await client.WaitForAsync("state.changed", Talk.Patience, e => (string?)e["state"] == "listening");

        var ritualId = (string)created["ritual_id"]!;
        var price = (int)created["credits_charged"]!;
        Assert.Equal("meditation", (string?)created["kind"]);
        Assert.InRange((long)created["duration_ms"]!, 40_000, 90_000);

        var log = client.Log.ToList();
        var createdAt = log.FindIndex(r => r.Type == "ritual.created");
        var states = log.Where(r => r.Type == "state.changed").Select(r => (string?)r.Event!["state"]).ToList();
        Assert.Equal(["listening", "confirming", "generating", "speaking", "reviewing", "listening"], states);
        var ritualStart = log.FindIndex(r => r.Type == "state.changed" && (string?)r.Event!["state"] == "generating");
        var frames = log.Skip(ritualStart).Take(createdAt - ritualStart).Where(r => r.IsAudio).ToList();
        Assert.NotEmpty(frames);
        Assert.All(frames, f => Assert.Equal(1920, f.Audio!.Length));
        var allSeqs = log.Where(r => r.IsAudio).Select(r => r.Seq).ToList();
        Assert.Equal(Enumerable.Range(1, allSeqs.Count).Select(i => (uint)i), allSeqs);
        var done = log.Skip(ritualStart).Take(createdAt - ritualStart).Single(r => r.Type == "audio.done");
        Assert.Equal(frames[^1].Seq, (uint)done.Event!["last_seq"]!);

        var credits = await Server.GetJsonAsync<JsonObject>(user, "/v1/me/credits");
        Assert.Equal(10 - price, (int)credits["balance"]!);
        Assert.Equal(0, (int)credits["reserved"]!);
        var kinds = credits["ledger"]!.AsArray().Select(e => (string?)e!["kind"]).ToList();
        Assert.Equal(["grant", "reserve", "commit"], kinds);

        var library = await Server.GetJsonAsync<JsonArray>(user, "/v1/library");
        Assert.Equal(ritualId, (string?)Assert.Single(library)!["ritual_id"]);

        var ritual = await Server.GetJsonAsync<JsonObject>(user, $"/v1/rituals/{ritualId}");
        Assert.False(string.IsNullOrWhiteSpace((string?)ritual["script"]));
        Assert.Contains("exam", (string?)ritual["script"]);

        using var http = Server.HttpFor(user);
        var audio = await http.GetByteArrayAsync((string)ritual["audio_url"]!);
        Assert.Equal("OggS"u8.ToArray(), audio[..4]);
        Assert.True(audio.AsSpan(0, 200).IndexOf("OpusHead"u8) > 0, "the file starts with an Opus header");
        using var range = new HttpRequestMessage(HttpMethod.Get, (string)ritual["audio_url"]!);
        range.Headers.Range = new RangeHeaderValue(100, 199);
        using var partial = await http.SendAsync(range);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(audio[100..200], await partial.Content.ReadAsByteArrayAsync());
        Assert.Equal($"bytes 100-199/{audio.Length}", partial.Content.Headers.ContentRange!.ToString());
    }
}
