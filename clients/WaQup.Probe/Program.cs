using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using WaQup.Client;

// Usage: WaQup.Probe [base-url] [turns]. Needs dev tokens on (as in ./waqup up).
var baseUri = new Uri(args.Length > 0 ? args[0] : "http://127.0.0.1:8080");
var turns = args.Length > 1 ? int.Parse(args[1]) : 5;
var patience = TimeSpan.FromSeconds(60);

using var http = new HttpClient { BaseAddress = baseUri };
var confirmToAudio = new List<double>();
var connectToReady = new List<double>();
for (var turn = 0; turn < turns; turn++)
{
    var token = await http.PostAsJsonAsync("/v1/auth/dev-token", new { user_id = $"probe-{Guid.NewGuid():N}" });
    var accessToken = (string)(await token.Content.ReadFromJsonAsync<JsonObject>())!["access_token"]!;
    var connecting = Stopwatch.StartNew();
    await using var client = await ConversationClient.ConnectAsync(baseUri, accessToken);
    await client.SendAsync(new { type = "session.start" });
    await client.WaitForAsync("session.ready", patience);
    connectToReady.Add(connecting.Elapsed.TotalMilliseconds);
    await client.WaitForAsync("state.changed", patience, e => (string?)e["state"] == "listening");
    await client.SendAsync(new { type = "user.text", text = "an affirmation set for confidence at work, one minute" });
    await client.WaitForAsync("state.changed", patience, e => (string?)e["state"] == "confirming");
    await client.WaitForAsync("audio.done", patience);

    var confirming = Stopwatch.StartNew();
    await client.SendAsync(new { type = "user.text", text = "yes" });
    while ((await client.NextAsync(patience))?.IsAudio != true)
    {
    }

    confirmToAudio.Add(confirming.Elapsed.TotalMilliseconds);
    await client.SendAsync(new { type = "response.cancel" });
    await client.WaitForAsync("response.cancelled", patience);
    await client.SendAsync(new { type = "session.end" });
}

Console.WriteLine($"turns: {turns}");
Console.WriteLine($"connect to session.ready ms: {Summary(connectToReady)}");
Console.WriteLine($"confirmation to first audio frame ms: {Summary(confirmToAudio)}");

static string Summary(List<double> values)
{
    var sorted = values.Order().ToList();
    return $"min {sorted[0]:F1}, p50 {sorted[sorted.Count / 2]:F1}, max {sorted[^1]:F1}";
}
