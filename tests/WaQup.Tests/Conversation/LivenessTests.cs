using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Conversation;

/// <summary>A client judges its connection by WebSocket pings, so a quiet session must answer them.</summary>
public sealed class LivenessTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private WaQupServer Server => fixture.Server;

    [Fact]
    public async Task A_quiet_session_answers_the_clients_pings_and_goes_on_talking_afterwards()
    {
        var cancellation = TestContext.Current.CancellationToken;
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", $"Bearer {Server.TokenFor(Users.New())}");
        // Five pings a second; a pong more than a second late aborts the connection.
        socket.Options.KeepAliveInterval = TimeSpan.FromMilliseconds(200);
        socket.Options.KeepAliveTimeout = TimeSpan.FromSeconds(1);
        await socket.ConnectAsync(new Uri($"ws://{Server.BaseUri.Authority}/v1/conversation"), cancellation);
        await SendAsync(socket, new { type = "session.start" }, cancellation);
        while (await NextEventAsync(socket, cancellation) is var evt && !((string?)evt["type"] == "state.changed" && (string?)evt["state"] == "listening"))
        {
        }

        // Listening: the session says nothing. The receive stays pending while the pings go out (pongs are read by it).
        var next = NextEventAsync(socket, cancellation);
        await Task.Delay(TimeSpan.FromSeconds(3), cancellation);
        Assert.False(next.IsFaulted, next.Exception?.ToString());
        Assert.Equal(WebSocketState.Open, socket.State);

        await SendAsync(socket, new { type = "user.text", text = "I'd like some affirmations" }, cancellation);
        var answer = await next.WaitAsync(Talk.Patience, cancellation);
        Assert.NotNull((string?)answer["type"]);
        Assert.Equal(WebSocketState.Open, socket.State);
    }

    private static Task SendAsync(ClientWebSocket socket, object evt, CancellationToken cancellationToken) =>
        socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(evt), WebSocketMessageType.Text, true, cancellationToken);

    /// <summary>The next text event, skipping audio frames.</summary>
    private static async Task<JsonObject> NextEventAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(), cancellationToken);
            Assert.NotEqual(WebSocketMessageType.Close, result.MessageType);
            message.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage)
            {
                continue;
            }

            if (result.MessageType == WebSocketMessageType.Text)
            {
                return JsonNode.Parse(Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length))!.AsObject();
            }

            message.SetLength(0);
        }
    }
}
