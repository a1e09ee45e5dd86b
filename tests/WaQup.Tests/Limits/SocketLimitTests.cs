using System.Net;
using System.Net.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using WaQup.Api.Conversation;
using WaQup.Client;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Limits;

/// <summary>One person cannot hold a node's sockets: a cap per user, and a deadline for <c>session.start</c>.</summary>
public sealed class SocketLimitTests() : OwnServer(new Dictionary<string, string?>
{
    ["Socket:MaxPerUser"] = "3",
    ["Socket:StartTimeout"] = "00:00:01",
})
{
    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Past_the_cap_a_users_upgrade_is_refused_with_429_others_are_not_and_a_closed_socket_makes_room()
    {
        var user = Users.New();
        var held = new List<ConversationClient>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var client = await Server.ConnectAsync(user);
                held.Add(client);
                await Talk.StartAsync(client);
            }

            Assert.Equal(HttpStatusCode.TooManyRequests, await RefusalAsync(user));
            await using (var other = await Server.ConnectAsync(Users.New()))
            {
                await Talk.StartAsync(other);
            }

            await held[0].DisposeAsync();
            held.RemoveAt(0);
            await using var again = await ConnectWhenRoomAsync(user);
            await Talk.StartAsync(again);
        }
        finally
        {
            foreach (var client in held)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_socket_that_never_starts_a_session_is_closed_after_the_deadline_and_gives_its_place_back()
    {
        var user = Users.New();
        var idle = new List<ConversationClient>();
        for (var i = 0; i < 3; i++)
        {
            idle.Add(await Server.ConnectAsync(user));
        }

        foreach (var client in idle)
        {
            var rest = await client.ReadToCloseAsync(TimeSpan.FromSeconds(30));
            var error = Assert.Single(rest, r => r.Type == "error").Event!;
            Assert.Equal("invalid_state", (string?)error["code"]);
            Assert.True((bool)error["fatal"]!);
            Assert.Equal(WebSocketCloseStatus.PolicyViolation, client.CloseStatus);
            await client.DisposeAsync();
        }

        // Their places are free again for the same user.
        await using var started = await ConnectWhenRoomAsync(user);
        await Talk.StartAsync(started);
    }

    private async Task<HttpStatusCode> RefusalAsync(string user)
    {
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", $"Bearer {Server.TokenFor(user)}");
        socket.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(new Uri($"ws://{Server.BaseUri.Authority}/v1/conversation"), CancellationToken.None));
        return socket.HttpStatusCode;
    }

    /// <summary>Connects once the node has counted a closed socket out (it does so as the socket's request ends).</summary>
    private async Task<ConversationClient> ConnectWhenRoomAsync(string user)
    {
        var sockets = Server.Services.GetRequiredService<UserSockets>();
        await Until.TrueAsync(() => sockets.OpenFor(user) < 3, TimeSpan.FromSeconds(20), $"a place among {user}'s sockets is given back");
        return await Server.ConnectAsync(user);
    }
}
