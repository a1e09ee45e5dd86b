using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using WaQup.Api.Auth;
using WaQup.Client;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Rest;

/// <summary>
/// The name the assistant uses (PROTOCOL.md v1.1, "profile"): set by <c>PATCH /v1/me</c> or a token's <c>name</c> claim,
/// and never the user id.
/// </summary>
public sealed class ProfileTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private WaQupServer Server => fixture.Server;

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Someone_without_a_name_is_greeted_without_their_user_id()
    {
        var user = Users.New("ceo");
        await using var client = await Server.ConnectAsync(user);

        var greeting = await GreetingAsync(client);

        Assert.StartsWith("Hello. I can make you", greeting, StringComparison.Ordinal);
        Assert.DoesNotContain("ceo", greeting, StringComparison.OrdinalIgnoreCase);
        // GET /v1/me still shows the id where there is no name, as it always has; nothing speaks it.
        Assert.Equal(user, (string?)(await Server.GetJsonAsync<JsonObject>(user, "/v1/me"))["display_name"]);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_name_set_with_PATCH_me_is_tidied_shown_and_spoken()
    {
        var user = Users.New();
        using var http = Server.HttpFor(user);

        var response = await http.PatchAsJsonAsync("/v1/me", new { display_name = "  Maya \t Lopez " });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var me = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("Maya Lopez", (string?)me!["display_name"]);
        Assert.Equal(user, (string?)me["user_id"]);
        Assert.Equal(10, (int)me["credits"]!["balance"]!);
        Assert.Equal("Maya Lopez", (string?)(await http.GetFromJsonAsync<JsonObject>("/v1/me"))!["display_name"]);
        await using var client = await Server.ConnectAsync(user);
        Assert.StartsWith("Hello Maya Lopez. I can make you", await GreetingAsync(client), StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_tokens_name_claim_names_a_new_person_and_never_overrides_a_name_they_chose()
    {
        var user = Users.New();
        var issuer = Server.Services.GetRequiredService<TokenIssuer>();
        await using (var first = await ConversationClient.ConnectAsync(Server.BaseUri, issuer.Issue(user, "Sam")))
        {
            Assert.StartsWith("Hello Sam.", await GreetingAsync(first), StringComparison.Ordinal);
        }

        using var http = Server.HttpFor(user);
        Assert.Equal(HttpStatusCode.OK, (await http.PatchAsJsonAsync("/v1/me", new { display_name = "Samuel" })).StatusCode);
        http.DefaultRequestHeaders.Authorization = new("Bearer", issuer.Issue(user, "Sam"));

        Assert.Equal("Samuel", (string?)(await http.GetFromJsonAsync<JsonObject>("/v1/me"))!["display_name"]);
        await using var again = await ConversationClient.ConnectAsync(Server.BaseUri, issuer.Issue(user, "Sam"));
        Assert.StartsWith("Hello Samuel.", await GreetingAsync(again), StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_dev_token_carries_the_name_it_is_asked_for()
    {
        using var http = Server.HttpFor(null);
        var user = Users.New();
        var token = await http.PostAsJsonAsync("/v1/auth/dev-token", new { user_id = user, name = "Ana" });
        http.DefaultRequestHeaders.Authorization = new("Bearer", (string)(await token.Content.ReadFromJsonAsync<JsonObject>())!["access_token"]!);

        Assert.Equal("Ana", (string?)(await http.GetFromJsonAsync<JsonObject>("/v1/me"))!["display_name"]);
    }

    [Theory(Timeout = TestTimeouts.Default)]
    [InlineData("{}")]
    [InlineData("{\"display_name\": \"\"}")]
    [InlineData("{\"display_name\": \"   \"}")]
    [InlineData("{\"display_name\": null}")]
    [InlineData("{\"display_name\": 7}")]
    [InlineData("{\"display_name\": [\"Maya\"]}")]
    [InlineData("{\"display_name\": \"Maya\\u0007\"}")]
    [InlineData("{\"display_name\": \"Maya\\u202eadmin\"}")]
    [InlineData("{\"display_name\": \"Maya\", \"voice\": \"slt\"}")]
    [InlineData("[\"Maya\"]")]
    [InlineData("not json")]
    public async Task A_name_that_is_not_1_to_60_characters_of_text_is_refused_and_the_old_one_kept(string body)
    {
        var user = Users.New();
        using var http = Server.HttpFor(user);
        Assert.Equal(HttpStatusCode.OK, (await http.PatchAsJsonAsync("/v1/me", new { display_name = "Maya" })).StatusCode);

        var response = await http.PatchAsync("/v1/me", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("Maya", (string?)(await http.GetFromJsonAsync<JsonObject>("/v1/me"))!["display_name"]);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_name_of_60_characters_is_taken_and_61_is_not()
    {
        using var http = Server.HttpFor(Users.New());

        Assert.Equal(HttpStatusCode.OK, (await http.PatchAsJsonAsync("/v1/me", new { display_name = new string('a', 60) })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PatchAsJsonAsync("/v1/me", new { display_name = new string('a', 61) })).StatusCode);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Setting_a_name_needs_a_token()
    {
        using var http = Server.HttpFor(null);

        var response = await http.PatchAsJsonAsync("/v1/me", new { display_name = "Maya" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_dev_token_refuses_a_name_that_is_not_a_name()
    {
        using var http = Server.HttpFor(null);

        var response = await http.PostAsJsonAsync("/v1/auth/dev-token", new { user_id = Users.New(), name = "" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static async Task<string> GreetingAsync(ConversationClient client)
    {
        await client.SendAsync(new { type = "session.start" });
        var done = await client.WaitForAsync("assistant.text.done", Talk.Patience);
        return (string)done["text"]!;
    }
}
