using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Rest;

/// <summary>The REST endpoints of PROTOCOL.md, including their errors.</summary>
public sealed class RestTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private WaQupServer Server => fixture.Server;

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Health_and_readiness_answer_without_a_token()
    {
        using var http = Server.HttpFor(null);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz")).StatusCode);
        var openApi = await http.GetFromJsonAsync<JsonObject>("/openapi/v1.json");
        Assert.NotNull(openApi!["paths"]!["/v1/me"]);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_dev_token_opens_the_api_and_a_new_user_gets_the_welcome_grant_once()
    {
        using var http = Server.HttpFor(null);
        var user = Users.New();
        var token = await http.PostAsJsonAsync("/v1/auth/dev-token", new { user_id = user });
        var body = await token.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(3600, (int)body!["expires_in"]!);
        http.DefaultRequestHeaders.Authorization = new("Bearer", (string)body["access_token"]!);

        var me = await http.GetFromJsonAsync<JsonObject>("/v1/me");
        Assert.Equal(user, (string?)me!["user_id"]);
        Assert.Equal(10, (int)me["credits"]!["balance"]!);
        await http.GetFromJsonAsync<JsonObject>("/v1/me");
        var credits = await http.GetFromJsonAsync<JsonObject>("/v1/me/credits");
        var grant = Assert.Single(credits!["ledger"]!.AsArray());
        Assert.Equal("grant", (string?)grant!["kind"]);
        Assert.Equal(10, (int)grant["amount"]!);
    }

    [Theory(Timeout = TestTimeouts.Default)]
    [InlineData("{\"user_id\": \"\"}")]
    [InlineData("{\"user_id\": \"has space\"}")]
    [InlineData("{\"user_id\": 7}")]
    [InlineData("{}")]
    [InlineData("not json")]
    public async Task A_dev_token_needs_a_valid_user_id(string body)
    {
        using var http = Server.HttpFor(null);
        var response = await http.PostAsync("/v1/auth/dev-token", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Theory(Timeout = TestTimeouts.Default)]
    [InlineData("/v1/me")]
    [InlineData("/v1/me/credits")]
    [InlineData("/v1/me/credits?limit=5")]
    [InlineData("/v1/me/credits?limit=0&before=not-a-cursor")]
    [InlineData("/v1/library")]
    [InlineData("/v1/rituals/rit_00000000000000000000000000000000")]
    public async Task Endpoints_need_a_bearer_token(string path)
    {
        using var http = Server.HttpFor(null);
        var response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);

        http.DefaultRequestHeaders.Authorization = new("Bearer", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtYWxsb3J5In0.forged");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(path)).StatusCode);
    }

    [Theory(Timeout = TestTimeouts.Default)]
    [InlineData("PATCH", "/v1/me/preferences")]
    [InlineData("DELETE", "/v1/rituals/rit_00000000000000000000000000000000")]
    [InlineData("GET", "/v1/rituals/rit_00000000000000000000000000000000/audio")]
    public async Task Writes_and_audio_need_a_bearer_token_too(string method, string path)
    {
        using var http = Server.HttpFor(null);
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method == "PATCH" ? new StringContent("{\"voice\": \"male\"}", Encoding.UTF8, "application/json") : null,
        };
        var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task An_oversized_dev_token_request_is_refused()
    {
        using var http = Server.HttpFor(null);
        var body = $"{{\"user_id\": \"{new string('a', 70_000)}\"}}";
        var response = await http.PostAsync("/v1/auth/dev-token", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Preferences_are_patched_partially_and_validated()
    {
        var user = Users.New();
        using var http = Server.HttpFor(user);
        var patched = await http.PatchAsJsonAsync("/v1/me/preferences", new { default_duration_minutes = 12 });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        await http.PatchAsJsonAsync("/v1/me/preferences", new { voice = "female" });
        var me = await http.GetFromJsonAsync<JsonObject>("/v1/me");
        Assert.Equal(12, (int)me!["preferences"]!["default_duration_minutes"]!);
        Assert.Equal("female", (string?)me["preferences"]!["voice"]);
        Assert.Equal("en-US", (string?)me["preferences"]!["locale"]);

        foreach (var bad in new[] { "{\"default_duration_minutes\": 0}", "{\"voice\": 3}", "{\"colour\": \"blue\"}", "[]", "{" })
        {
            var response = await http.PatchAsync("/v1/me/preferences", new StringContent(bad, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        }

        var huge = await http.PatchAsync("/v1/me/preferences", new StringContent($"{{\"voice\": \"{new string('x', 70_000)}\"}}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        var after = await http.GetFromJsonAsync<JsonObject>("/v1/me");
        Assert.Equal("female", (string?)after!["preferences"]!["voice"]);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Unknown_rituals_are_not_found()
    {
        using var http = Server.HttpFor(Users.New());
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/v1/rituals/rit_00000000000000000000000000000000")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/v1/rituals/../../etc/passwd")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/v1/rituals/not-an-id/audio")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.DeleteAsync("/v1/rituals/rit_00000000000000000000000000000000")).StatusCode);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Another_user_can_neither_read_nor_hear_nor_delete_a_private_ritual_and_the_owner_can_delete_it()
    {
        var owner = Users.New("owner");
        await using (var client = await Server.ConnectAsync(owner))
        {
            await Talk.StartAsync(client);
            await Talk.RequestAsync(client, "ritual", "a calm evening", 1);
            await client.WaitForAsync("ritual.created", TimeSpan.FromSeconds(60));
        }

        var ritualId = (string)(await Server.GetJsonAsync<JsonArray>(owner, "/v1/library"))[0]!["ritual_id"]!;
        using var intruder = Server.HttpFor(Users.New("intruder"));
        Assert.Equal(HttpStatusCode.Forbidden, (await intruder.GetAsync($"/v1/rituals/{ritualId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await intruder.GetAsync($"/v1/rituals/{ritualId}/audio")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await intruder.DeleteAsync($"/v1/rituals/{ritualId}")).StatusCode);
        Assert.Empty(await intruder.GetFromJsonAsync<JsonArray>("/v1/library") ?? []);

        using var http = Server.HttpFor(owner);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/v1/rituals/{ritualId}/audio")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"/v1/rituals/{ritualId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/v1/rituals/{ritualId}")).StatusCode);
        Assert.Empty(await http.GetFromJsonAsync<JsonArray>("/v1/library") ?? []);
    }
}
