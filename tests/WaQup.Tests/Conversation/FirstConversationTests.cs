using System.Text.Json.Nodes;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Conversation;

/// <summary>
/// The conversation a new user had in issue 14, replayed: a need said in a sentence, a kind and a length, yes. What the
/// assistant says and writes must read as if for this person: their words turned into a topic, never pasted.
/// </summary>
public sealed class FirstConversationTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private WaQupServer Server => fixture.Server;

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_nervous_person_with_an_interview_tomorrow_is_quoted_and_written_for_in_good_words()
    {
        var user = Users.New("ceo");
        await using var client = await Server.ConnectAsync(user);
        await Talk.StartAsync(client);

        await client.SendAsync(new { type = "user.text", text = "hey, I have a job interview tomorrow and I'm really nervous" });
        await client.WaitForAsync("assistant.text.done", Talk.Patience);
        await client.SendAsync(new { type = "user.text", text = "affirmations please, about two minutes" });
        var quote = await client.WaitForAsync("assistant.text.done", Talk.Patience, e => ((string?)e["text"])!.Contains("credit", StringComparison.Ordinal));

        Assert.StartsWith("A 2-minute affirmation set for your job interview tomorrow costs", (string?)quote["text"], StringComparison.Ordinal);
        await client.SendAsync(new { type = "user.text", text = "yes" });
        var created = await client.WaitForAsync("ritual.created", TimeSpan.FromSeconds(60));
        var ritual = await Server.GetJsonAsync<JsonObject>(user, $"/v1/rituals/{(string)created["ritual_id"]!}");
        var script = (string)ritual["script"]!;
        Assert.Contains("job interview", script, StringComparison.Ordinal);
        Assert.DoesNotContain("really nervous", script, StringComparison.Ordinal);
        Assert.DoesNotContain(" and I'm ", script, StringComparison.Ordinal);
        Assert.DoesNotContain("and you're", script, StringComparison.Ordinal);
        Assert.DoesNotContain("ceo", script, StringComparison.OrdinalIgnoreCase);
        var spoken = string.Join(' ', client.Log.Where(r => r.Type is "assistant.text.done").Select(r => (string?)r.Event!["text"]));
        Assert.DoesNotContain("ceo", spoken, StringComparison.OrdinalIgnoreCase);
    }
}
