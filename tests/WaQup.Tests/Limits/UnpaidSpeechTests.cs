using WaQup.Client;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Limits;

/// <summary>
/// Speech nobody pays for is bounded per person, across their sessions: past the allowance, replies come as text
/// only, and nobody else is affected. A long topic is never read back in full.
/// </summary>
public sealed class UnpaidSpeechTests() : OwnServer(new Dictionary<string, string?>
{
    // A greeting to someone without a name is about 105 characters, some 7 s of speech: one fits, two do not.
    ["Conversation:UnpaidSpeechBurst"] = "00:00:10",
    ["Conversation:UnpaidSpeechPerMinute"] = "00:00:00.001",
})
{
    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Past_a_persons_allowance_greetings_come_as_text_only_and_other_people_still_hear_theirs()
    {
        var talker = Users.New();
        await using (var first = await Server.ConnectAsync(talker))
        {
            Assert.True(await GreetingWasSpokenAsync(first));
        }

        await using (var second = await Server.ConnectAsync(talker))
        {
            Assert.False(await GreetingWasSpokenAsync(second), "a second greeting was spoken past the allowance");
            Assert.Contains(second.Log, r => r.Type == "assistant.text.done" && ((string?)r.Event!["text"])!.StartsWith("Hello", StringComparison.Ordinal));
        }

        await using var someoneElse = await Server.ConnectAsync(Users.New());
        Assert.True(await GreetingWasSpokenAsync(someoneElse));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_long_topic_is_quoted_by_its_first_words_only()
    {
        var longTopic = string.Join(' ', Enumerable.Repeat("my whole long story about work and home", 12));
        await using var client = await Server.ConnectAsync(Users.New());
        await Talk.StartAsync(client);

        await client.SendAsync(new { type = "ritual.request", kind = "meditation", topic = longTopic, duration_minutes = 5 });
        var quote = await client.WaitForAsync("assistant.text.done", Talk.Patience, e => ((string?)e["text"])!.Contains("costs", StringComparison.Ordinal));

        var text = (string)quote["text"]!;
        // Said back in the second person, as every topic is.
        Assert.Contains("your whole long story about work and home your whole", text);
        Assert.True(text.Length < 200, $"the quote reads the topic back at length: {text}");
    }

    /// <summary>Whether the greeting's audio came before the session moved on to listening (it comes first when it comes).</summary>
    private static async Task<bool> GreetingWasSpokenAsync(ConversationClient client)
    {
        await Talk.StartAsync(client);
        return client.Log.Any(r => r.Type == "audio.start");
    }
}
