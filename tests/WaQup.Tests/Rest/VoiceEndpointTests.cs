using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Rest;

/// <summary><c>GET /v1/voices</c>: the voices the node speaks with, by the ids the voice preference takes.</summary>
public sealed class VoiceEndpointTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private WaQupServer Server => fixture.Server;

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task The_embedded_node_lists_flites_three_voices_slt_first_as_the_default()
    {
        using var http = Server.HttpFor(Users.New());

        var response = await http.GetAsync("/v1/voices", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var voices = (await response.Content.ReadFromJsonAsync<JsonArray>(TestContext.Current.CancellationToken))!.Select(v => v!.AsObject()).ToArray();
        Assert.Equal(["slt", "rms", "awb"], voices.Select(v => (string?)v["id"]));
        Assert.Equal([true, false, false], voices.Select(v => (bool)v["default"]!));
        Assert.All(voices, v => Assert.False(string.IsNullOrWhiteSpace((string?)v["name"]) || string.IsNullOrWhiteSpace((string?)v["description"])));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Listing_voices_needs_a_token()
    {
        using var http = Server.HttpFor(null);

        var response = await http.GetAsync("/v1/voices", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
