using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using WaQup.Abstractions.Grains;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Rest;

/// <summary><c>GET /v1/me/credits</c>: PROTOCOL.md's shape, and pages of the ledger through <c>limit</c>, <c>before</c> and <c>next_before</c>.</summary>
public sealed class CreditEndpointTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private WaQupServer Server => fixture.Server;

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_short_ledger_is_answered_whole_in_the_protocol_shape_with_no_older_page()
    {
        var user = Users.New();
        var credits = await GetAsync(user, "/v1/me/credits");

        Assert.Equal(["balance", "reserved", "ledger", "next_before"], credits.Select(p => p.Key));
        Assert.Equal(10, (int)credits["balance"]!);
        Assert.Equal(0, (int)credits["reserved"]!);
        Assert.Null(credits["next_before"]);
        var grant = Assert.Single(credits["ledger"]!.AsArray())!.AsObject();
        Assert.Equal(["id", "kind", "amount", "at", "reason"], grant.Select(p => p.Key));
        Assert.Equal("welcome:grant", (string?)grant["id"]);
        Assert.Equal("grant", (string?)grant["kind"]);
        Assert.Equal(10, (int)grant["amount"]!);
        Assert.Equal("welcome grant", (string?)grant["reason"]);
        Assert.True(DateTimeOffset.TryParse((string?)grant["at"], out _));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Pages_walk_back_through_the_ledger_newest_first_each_listed_oldest_first()
    {
        var user = Users.New();
        await GrantAsync(user, 7);
        var whole = Ids(await GetAsync(user, "/v1/me/credits"));
        Assert.Equal(8, whole.Length);

        var pages = new List<string[]>();
        var path = "/v1/me/credits?limit=3";
        while (true)
        {
            var page = await GetAsync(user, path);
            pages.Add(Ids(page));
            if ((string?)page["next_before"] is not { } cursor)
            {
                break;
            }

            path = $"/v1/me/credits?limit=3&before={Uri.EscapeDataString(cursor)}";
        }

        Assert.Equal([whole[5..], whole[2..5], whole[..2]], pages);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Without_a_limit_a_page_holds_the_newest_fifty()
    {
        var user = Users.New();
        await GrantAsync(user, 54);
        var first = await GetAsync(user, "/v1/me/credits");
        var firstIds = Ids(first);
        Assert.Equal(50, firstIds.Length);
        Assert.Equal("g53:grant", firstIds[^1]);

        var rest = await GetAsync(user, $"/v1/me/credits?before={Uri.EscapeDataString((string)first["next_before"]!)}");
        Assert.Equal(["welcome:grant", "g0:grant", "g1:grant", "g2:grant", "g3:grant"], Ids(rest));
        Assert.Null(rest["next_before"]);
        Assert.Equal(10 + 54, (int)rest["balance"]!);
    }

    [Theory(Timeout = TestTimeouts.Default)]
    [InlineData("limit=0")]
    [InlineData("limit=201")]
    [InlineData("limit=-1")]
    [InlineData("limit=abc")]
    [InlineData("limit=1.5")]
    [InlineData("limit=")]
    [InlineData("limit=%205")]
    [InlineData("limit=99999999999999999999")]
    [InlineData("limit=5&limit=6")]
    public async Task A_bad_limit_is_a_400_problem(string query)
    {
        await AssertBadRequestAsync($"/v1/me/credits?{query}");
    }

    [Theory(Timeout = TestTimeouts.Default)]
    [InlineData("not a cursor", false)]
    [InlineData("", false)]
    [InlineData("p1:5", false)]
    [InlineData("==", false)]
    [InlineData("p2:5", true)]
    [InlineData("p1:0", true)]
    [InlineData("p1:-3", true)]
    [InlineData("p1:5x", true)]
    [InlineData("p1:99999999999999999999", true)]
    public async Task A_cursor_the_server_did_not_make_is_a_400_problem(string text, bool wrapped)
    {
        await AssertBadRequestAsync($"/v1/me/credits?before={(wrapped ? Cursor(text) : Uri.EscapeDataString(text))}");
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task An_oversized_or_repeated_cursor_is_a_400_problem()
    {
        await AssertBadRequestAsync($"/v1/me/credits?before={new string('A', 4000)}");
        await AssertBadRequestAsync($"/v1/me/credits?before={Cursor("p1:5")}&before={Cursor("p1:6")}");
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_cursor_before_the_first_entry_is_an_empty_page_and_one_past_the_newest_is_the_newest_page()
    {
        var user = Users.New();
        await GrantAsync(user, 3);

        var beforeFirst = await GetAsync(user, $"/v1/me/credits?before={Cursor("p1:1")}");
        Assert.Empty(beforeFirst["ledger"]!.AsArray());
        Assert.Null(beforeFirst["next_before"]);
        Assert.Equal(13, (int)beforeFirst["balance"]!);

        var beyond = await GetAsync(user, $"/v1/me/credits?limit=2&before={Cursor("p1:999999")}");
        Assert.Equal(Ids(await GetAsync(user, "/v1/me/credits?limit=2")), Ids(beyond));
        Assert.NotNull(beyond["next_before"]);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task The_openapi_document_carries_the_ledgers_query_and_answer()
    {
        using var http = Server.HttpFor(null);
        var openApi = await http.GetStringAsync("/openapi/v1.json");
        var credits = JsonNode.Parse(openApi)!["paths"]!["/v1/me/credits"]!["get"]!;
        Assert.Equal(["limit", "before"], credits["parameters"]!.AsArray().Select(p => (string?)p!["name"]));
        Assert.Contains("next_before", openApi, StringComparison.Ordinal);
    }

    private static string Cursor(string text) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));

    private static string[] Ids(JsonObject credits) => credits["ledger"]!.AsArray().Select(e => (string)e!["id"]!).ToArray();

    private async Task<JsonObject> GetAsync(string user, string path) => await Server.GetJsonAsync<JsonObject>(user, path);

    /// <summary>Meets the user (the welcome grant comes first), then grants one credit <paramref name="count"/> times.</summary>
    private async Task GrantAsync(string user, int count)
    {
        await GetAsync(user, "/v1/me");
        var credits = Server.Services.GetRequiredService<IGrainFactory>().GetGrain<ICreditGrain>(user);
        for (var i = 0; i < count; i++)
        {
            await credits.GrantAsync($"g{i}", 1, "test");
        }
    }

    private async Task AssertBadRequestAsync(string path)
    {
        using var http = Server.HttpFor(Users.New());
        var response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(400, (int)problem!["status"]!);
    }
}
