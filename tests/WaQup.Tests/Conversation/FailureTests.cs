using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using WaQup.Providers.Content;
using WaQup.Providers.Speech;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Conversation;

/// <summary>What a person feels when providers fail or the whole system restarts.</summary>
public sealed class FailureTests
{
    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Credits_are_refunded_when_speech_fails_mid_ritual_and_the_session_stays_usable()
    {
        // The greeting is sentence one; the ritual's first two sentences speak, the third fails.
        await using var server = await WaQupServer.StartAsync(replace: services =>
            services.AddSingleton<ISpeechSynthesizer>(new FailingSpeech(sentencesBeforeFailure: 3)));
        var user = Users.New();
        await using var client = await server.ConnectAsync(user);
        await Talk.StartAsync(client);
        await Talk.RequestAsync(client, "affirmation", "trusting myself", 2);

        var error = await Talk.ErrorAsync(client);
        Assert.Equal("provider_unavailable", (string?)error["code"]);
        Assert.False((bool)error["fatal"]!);
        await client.WaitForAsync("response.cancelled", Talk.Patience);
        var refunded = await client.WaitForAsync("credits.updated", Talk.Patience);
        Assert.Equal(10, (int)refunded["balance"]!);
        Assert.Equal(0, (int)refunded["reserved"]!);
        await client.WaitForAsync("state.changed", Talk.Patience, e => (string?)e["state"] == "listening");
        Assert.Contains(client.Log, r => r.IsAudio);

        var credits = await server.GetJsonAsync<JsonObject>(user, "/v1/me/credits");
        Assert.Equal(["grant", "reserve", "refund"], credits["ledger"]!.AsArray().Select(e => (string?)e!["kind"]).ToList());
        Assert.Empty(await server.GetJsonAsync<JsonArray>(user, "/v1/library"));

        await client.SendAsync(new { type = "user.text", text = "a meditation please" });
        await client.WaitForAsync("state.changed", Talk.Patience, e => (string?)e["state"] == "clarifying");
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Credits_are_refunded_when_the_script_writer_fails_mid_ritual()
    {
        await using var server = await WaQupServer.StartAsync(replace: services =>
            services.AddSingleton<IScriptWriter>(new FailingScriptWriter(sentencesBeforeFailure: 2)));
        var user = Users.New();
        await using var client = await server.ConnectAsync(user);
        await Talk.StartAsync(client);
        await Talk.RequestAsync(client, "meditation", "a softer evening", 3);

        Assert.Equal("provider_unavailable", (string?)(await Talk.ErrorAsync(client))["code"]);
        var refunded = await client.WaitForAsync("credits.updated", Talk.Patience, e => (int)e["reserved"]! == 0);
        Assert.Equal(10, (int)refunded["balance"]!);
        await client.WaitForAsync("state.changed", Talk.Patience, e => (string?)e["state"] == "listening");
        Assert.DoesNotContain(client.Log, r => r.Type == "ritual.created");
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_restart_of_the_whole_system_loses_no_ritual_no_ledger_entry_and_no_resumable_session()
    {
        var user = Users.New();
        string ritualId, sessionId, token, database, blobs;
        await using (var before = await WaQupServer.StartAsync())
        {
            database = before.ConnectionString;
            blobs = before.BlobRoot;
            await using var client = await before.ConnectAsync(user);
            var ready = await Talk.StartAsync(client);
            await Talk.RequestAsync(client, "affirmation", "a fresh start", 1);
            ritualId = (string)(await client.WaitForAsync("ritual.created", TimeSpan.FromSeconds(60)))["ritual_id"]!;
            await client.WaitForAsync("state.changed", Talk.Patience, e => (string?)e["state"] == "listening");
            sessionId = (string)ready["session_id"]!;
            token = (string)ready["resume_token"]!;
        }

        await using var after = await WaQupServer.StartAsync(database, blobs);
        var library = await after.GetJsonAsync<JsonArray>(user, "/v1/library");
        Assert.Equal(ritualId, (string?)Assert.Single(library)!["ritual_id"]);
        using var http = after.HttpFor(user);
        var audio = await http.GetByteArrayAsync($"/v1/rituals/{ritualId}/audio");
        Assert.Equal("OggS"u8.ToArray(), audio[..4]);
        var credits = await after.GetJsonAsync<JsonObject>(user, "/v1/me/credits");
        Assert.Equal(["grant", "reserve", "commit"], credits["ledger"]!.AsArray().Select(e => (string?)e!["kind"]).ToList());

        await using var resumed = await after.ConnectAsync(user);
        await resumed.SendAsync(new { type = "session.start", session_id = sessionId, resume_token = token });
        var ready2 = await resumed.WaitForAsync("session.ready", Talk.Patience);
        Assert.True((bool)ready2["resumed"]!);
        Assert.Equal("listening", (string?)ready2["state"]);
        await resumed.SendAsync(new { type = "user.text", text = "now a meditation" });
        await resumed.WaitForAsync("state.changed", Talk.Patience, e => (string?)e["state"] == "clarifying");
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_ritual_interrupted_by_a_restart_is_refunded_when_its_session_comes_back()
    {
        var user = Users.New();
        string sessionId, token, database, blobs;
        await using (var before = await WaQupServer.StartAsync(settings: new Dictionary<string, string?> { ["Conversation:PaceFactor"] = "1" }))
        {
            database = before.ConnectionString;
            blobs = before.BlobRoot;
            var client = await before.ConnectAsync(user);
            var ready = await Talk.StartAsync(client);
            await Talk.RequestAsync(client, "meditation", "a quiet mind", 5);
            await client.WaitForAsync("state.changed", Talk.Patience, e => (string?)e["state"] == "speaking");
            sessionId = (string)ready["session_id"]!;
            token = (string)ready["resume_token"]!;
            client.Abort();
        }

        await using var after = await WaQupServer.StartAsync(database, blobs);
        await using var resumed = await after.ConnectAsync(user);
        await resumed.SendAsync(new { type = "session.start", session_id = sessionId, resume_token = token });
        var ready2 = await resumed.WaitForAsync("session.ready", Talk.Patience);
        Assert.Equal("listening", (string?)ready2["state"]);
        Assert.Equal(10, (int)ready2["credits"]!["balance"]!);
        Assert.Equal(0, (int)ready2["credits"]!["reserved"]!);
        var credits = await after.GetJsonAsync<JsonObject>(user, "/v1/me/credits");
        Assert.Equal(["grant", "reserve", "refund"], credits["ledger"]!.AsArray().Select(e => (string?)e!["kind"]).ToList());
    }
}
