using WaQup.Client;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Conversation;

/// <summary>A client judges its connection by WebSocket pings, so a quiet session must answer them.</summary>
public sealed class LivenessTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private WaQupServer Server => fixture.Server;

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_quiet_session_answers_the_clients_pings_and_goes_on_talking_afterwards()
    {
        // Five pings a second; a pong more than a second late aborts the connection. The client's reader keeps a
        // receive pending throughout, which is where pongs are read.
        await using var client = await ConversationClient.ConnectAsync(Server.BaseUri, Server.TokenFor(Users.New()), options =>
        {
            options.KeepAliveInterval = TimeSpan.FromMilliseconds(200);
            options.KeepAliveTimeout = TimeSpan.FromSeconds(1);
        });
        await Talk.StartAsync(client);

        // Listening: the session says nothing for a while. The quiet is what is tested, so this wait is a fixed time
        // and not a condition: for three seconds (fifteen pings) nothing may happen, and one pong a second late would
        // abort the connection.
        await Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);

        await client.SendAsync(new { type = "user.text", text = "I'd like some affirmations" });
        await client.WaitForAsync("state.changed", Talk.Patience, e => (string?)e["state"] == "clarifying");
        Assert.Null(client.CloseStatus);
    }
}
