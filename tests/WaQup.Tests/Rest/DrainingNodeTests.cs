using System.Net;
using System.Net.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using WaQup.Api.Conversation;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Rest;

/// <summary>A draining node tells load balancers and new clients to go elsewhere, and keeps serving the rest.</summary>
public sealed class DrainingNodeTests
{
    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_draining_node_is_not_ready_and_refuses_new_conversations_with_retry_after()
    {
        await using var server = await WaQupServer.StartAsync();
        using var http = new HttpClient { BaseAddress = server.BaseUri };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz")).StatusCode);

        server.Services.GetRequiredService<DrainState>().Begin();

        using var ready = await http.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("application/problem+json", ready.Content.Headers.ContentType?.MediaType);
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", $"Bearer {server.TokenFor("u-drained")}");
        socket.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() =>
            socket.ConnectAsync(new Uri($"ws://{server.BaseUri.Authority}{ConversationEndpoint.Path}"), CancellationToken.None));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, socket.HttpStatusCode);
        Assert.Equal("1", socket.HttpResponseHeaders!["Retry-After"].Single());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
    }
}
