using System.Text.Json.Nodes;
using WaQup.Client;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Admission;

/// <summary>
/// A silo that cannot take another ritual says so before anything is reserved, with a time to ask again; the ritual
/// already being made is unharmed, and the refused session can ask again and be served.
/// </summary>
public sealed class AdmissionTests() : OwnServer(new Dictionary<string, string?>
{
    // One ritual at a time on this silo, spoken at real time so that it is still being made when the next asks.
    ["Admission:RitualsPerProcessor"] = "0.01",
    ["Conversation:PaceFactor"] = "1",
})
{
    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_ritual_past_the_silos_limit_is_refused_before_anything_is_reserved_and_is_made_when_asked_again()
    {
        var first = Users.New();
        await using var making = await Server.ConnectAsync(first);
        await Talk.StartAsync(making);
        await Talk.RequestAsync(making, "affirmation", "a calm morning", 1);
        await making.WaitForAsync("audio.start", Talk.Patience);

        var second = Users.New();
        await using var refused = await Server.ConnectAsync(second);
        await Talk.StartAsync(refused);
        await Talk.RequestAsync(refused, "meditation", "sleeping well", 1);
        var error = await Talk.ErrorAsync(refused);
        Assert.Equal("overloaded", (string?)error["code"]);
        Assert.False((bool)error["fatal"]!);
        Assert.InRange((int)error["retry_after_ms"]!, 2_000, 30_000);
        await AssertNothingReservedAsync(second, refused);

        // Asked in conversation, the quote stays open through a refusal: "yes" can be said again.
        await refused.SendAsync(new { type = "user.text", text = "an affirmation set for patience, one minute" });
        await refused.WaitForAsync("state.changed", Talk.Patience, e => (string?)e["state"] == "confirming");
        await refused.SendAsync(new { type = "user.text", text = "yes" });
        Assert.Equal("overloaded", (string?)(await refused.WaitForAsync("error", Talk.Patience, e => (string?)e["code"] == "overloaded"))["code"]);
        await AssertNothingReservedAsync(second, refused);

        // The ritual under way was not touched by any of it.
        Assert.DoesNotContain(making.Log, r => r.Type is "error" or "response.cancelled");
        await making.SendAsync(new { type = "response.cancel" });
        await making.WaitForAsync("response.cancelled", Talk.Patience);

        await refused.SendAsync(new { type = "user.text", text = "yes" });
        await refused.WaitForAsync("state.changed", Talk.Patience, e => (string?)e["state"] == "generating");
        await refused.WaitForAsync("audio.start", Talk.Patience, e => ((string?)e["response_id"])!.Length > 0);
        var credits = await Server.GetJsonAsync<JsonObject>(second, "/v1/me/credits");
        Assert.Equal(["grant", "reserve"], credits["ledger"]!.AsArray().Select(e => (string?)e!["kind"]));
        await refused.SendAsync(new { type = "response.cancel" });
        await refused.WaitForAsync("response.cancelled", Talk.Patience);
    }

    private async Task AssertNothingReservedAsync(string user, ConversationClient client)
    {
        var credits = await Server.GetJsonAsync<JsonObject>(user, "/v1/me/credits");
        Assert.Equal(0, (int)credits["reserved"]!);
        Assert.Equal(["grant"], credits["ledger"]!.AsArray().Select(e => (string?)e!["kind"]));
        Assert.DoesNotContain(client.Log, r => r.Type == "state.changed" && (string?)r.Event!["state"] is "generating" or "speaking");
    }
}
