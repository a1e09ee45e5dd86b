using System.Text.Json.Nodes;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Conversation;

/// <summary>
/// Someone in crisis is answered with care and the help lines the deployment configured, in any state, and nothing is
/// made or charged (issue 14, item 3). CrisisLanguageSpecs hold which words count.
/// </summary>
public sealed class CrisisTests() : OwnServer(new Dictionary<string, string?>
{
    ["Conversation:Help:SelfHarm"] = "Call the test helpline on 555 0100.",
    ["Conversation:Help:MedicalEmergency"] = "Call the test emergency line on 555 0199.",
})
{
    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Words_of_crisis_get_care_and_the_configured_help_and_no_quote()
    {
        var user = Users.New();
        await using var client = await Server.ConnectAsync(user);
        var ready = await Talk.StartAsync(client);

        await client.SendAsync(new { type = "user.text", text = "honestly I just want to die" });
        var answer = await client.WaitForAsync("assistant.text.done", Talk.Patience);

        Assert.Contains("You don't have to go through this alone", (string?)answer["text"], StringComparison.Ordinal);
        Assert.Contains("Call the test helpline on 555 0100.", (string?)answer["text"], StringComparison.Ordinal);
        await YesMakesNothingAsync(client);
        Assert.DoesNotContain(client.Log, r => r.Type is "ritual.created" or "credits.updated");
        Assert.Equal((int)ready["credits"]!["balance"]!, (int)(await Server.GetJsonAsync<JsonObject>(user, "/v1/me/credits"))["balance"]!);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_quote_standing_when_crisis_words_come_is_dropped()
    {
        await using var client = await Server.ConnectAsync(Users.New());
        await Talk.StartAsync(client);
        await client.SendAsync(new { type = "user.text", text = "a five minute meditation about my exams" });
        await client.WaitForAsync("state.changed", Talk.Patience, e => (string?)e["state"] == "confirming");

        await client.SendAsync(new { type = "user.text", text = "I have chest pain and I can't breathe" });

        await client.WaitForAsync("state.changed", Talk.Patience, e => (string?)e["state"] == "listening");
        var answer = await client.WaitForAsync("assistant.text.done", Talk.Patience, e => ((string?)e["text"])!.Contains("555 0199", StringComparison.Ordinal));
        Assert.StartsWith("This sounds like an emergency", (string?)answer["text"], StringComparison.Ordinal);
        await YesMakesNothingAsync(client);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Crisis_words_during_a_ritual_stop_it_refund_it_and_get_care()
    {
        await using var client = await Server.ConnectAsync(Users.New());
        var ready = await Talk.StartAsync(client);
        var balance = (int)ready["credits"]!["balance"]!;
        await Talk.RequestAsync(client, "meditation", "patience", 5);
        var ritual = await client.WaitForAsync("audio.start", Talk.Patience);

        await client.SendAsync(new { type = "user.text", text = "I keep thinking about killing myself" });

        var cancelled = await client.WaitForAsync("response.cancelled", Talk.Patience);
        Assert.Equal((string?)ritual["response_id"], (string?)cancelled["response_id"]);
        await client.WaitForAsync("credits.updated", Talk.Patience, e => (int)e["balance"]! == balance && (int)e["reserved"]! == 0);
        await client.WaitForAsync("assistant.text.done", Talk.Patience, e => ((string?)e["text"])!.Contains("555 0100", StringComparison.Ordinal));
        Assert.DoesNotContain(client.Log, r => r.Type == "ritual.created");
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_figure_of_speech_is_an_ordinary_request()
    {
        await using var client = await Server.ConnectAsync(Users.New());
        await Talk.StartAsync(client);

        await client.SendAsync(new { type = "user.text", text = "affirmations for my killer presentation tomorrow, two minutes" });

        var quote = await client.WaitForAsync("assistant.text.done", Talk.Patience);
        Assert.StartsWith("A 2-minute affirmation set for your killer presentation tomorrow costs", (string?)quote["text"], StringComparison.Ordinal);
    }

    /// <summary>A "yes" now answers nothing: no quote stands, so it is heard as ordinary words and nothing is made.</summary>
    private static async Task YesMakesNothingAsync(WaQup.Client.ConversationClient client)
    {
        var before = client.Log.Count(r => r.Type == "assistant.text.done");
        await client.SendAsync(new { type = "user.text", text = "yes" });
        await client.WaitForAsync("assistant.text.done", Talk.Patience, _ => client.Log.Count(r => r.Type == "assistant.text.done") > before);
        Assert.DoesNotContain(client.Log, r => r.Type == "state.changed" && (string?)r.Event!["state"] == "generating");
    }
}
