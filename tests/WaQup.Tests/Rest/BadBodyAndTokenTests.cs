using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using WaQup.Api.Auth;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Rest;

/// <summary>Bodies that are JSON but not text, and well-signed tokens that name no valid user: 400 and 401, never 500.</summary>
public sealed class BadBodyAndTokenTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private WaQupServer Server => fixture.Server;

    public static TheoryData<string> PreferencesNotText => new()
    {
        "{\"voice\": \"\\ud800\"}",
        "{\"locale\": \"en-\\udc00\"}",
        "{\"\\ud800\": 1}",
        "{\"voice\": \"male\", \"x\": [\"\\udfff\\ud800\"]}",
    };

    [Theory(Timeout = TestTimeouts.Default)]
    [MemberData(nameof(PreferencesNotText))]
    public async Task Preferences_with_a_lone_surrogate_are_a_bad_request(string body)
    {
        var user = Users.New();
        using var http = Server.HttpFor(user);
        await AssertBadRequestAsync(await http.PatchAsync("/v1/me/preferences", Json(body)));
        var me = await Server.GetJsonAsync<System.Text.Json.Nodes.JsonObject>(user, "/v1/me");
        Assert.NotEqual("male", (string?)me["preferences"]!["voice"]);
    }

    [Theory(Timeout = TestTimeouts.Default)]
    [InlineData("{\"user_id\": \"\\ud800\"}")]
    [InlineData("{\"user_id\": \"u-\\udc00\"}")]
    [InlineData("{\"\\ud800\": \"u-1\", \"user_id\": \"u-1\"}")]
    public async Task A_dev_token_request_with_a_lone_surrogate_is_a_bad_request(string body)
    {
        using var http = Server.HttpFor(null);
        await AssertBadRequestAsync(await http.PostAsync("/v1/auth/dev-token", Json(body)));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Bodies_with_invalid_utf8_are_a_bad_request()
    {
        using var anonymous = Server.HttpFor(null);
        using var http = Server.HttpFor(Users.New());
        foreach (var invalid in new byte[][] { [0xFF], [0xC3], [0xED, 0xA0, 0x80] })
        {
            await AssertBadRequestAsync(await anonymous.PostAsync("/v1/auth/dev-token", Json("{\"user_id\": \"u-", invalid, "\"}")));
            await AssertBadRequestAsync(await http.PatchAsync("/v1/me/preferences", Json("{\"voice\": \"", invalid, "\"}")));
        }
    }

    public static TheoryData<string> Subjects => new()
    {
        "{}",
        "{\"sub\": \"\"}",
        "{\"sub\": \"   \"}",
        "{\"sub\": \"has space\"}",
        "{\"sub\": \"-leading-dash\"}",
        "{\"sub\": \"../../etc\"}",
        $"{{\"sub\": \"{new string('a', 65)}\"}}",
        "{\"sub\": \"\\u00e9t\\u00e9\"}",
        "{\"sub\": [\"u-1\", \"u-2\"]}",
        "{\"sub\": {\"id\": \"u-1\"}}",
    };

    [Theory(Timeout = TestTimeouts.Default)]
    [MemberData(nameof(Subjects))]
    public async Task A_well_signed_token_without_a_valid_subject_is_unauthorized(string claims)
    {
        var token = Sign(claims);
        using var http = Server.HttpFor(null);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        foreach (var path in new[] { "/v1/me", "/v1/me/credits", "/v1/library", "/v1/conversation" })
        {
            var response = await http.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        }

        var patch = await http.PatchAsync("/v1/me/preferences", Json("{\"voice\": \"male\"}"));
        Assert.Equal(HttpStatusCode.Unauthorized, patch.StatusCode);

        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", $"Bearer {token}");
        var refused = await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(ConversationUri(), CancellationToken.None));
        Assert.Contains("401", refused.Message);

        using var browser = new ClientWebSocket();
        await Assert.ThrowsAsync<WebSocketException>(() => browser.ConnectAsync(ConversationUri($"?access_token={token}"), CancellationToken.None));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_token_signed_the_same_way_with_a_valid_subject_is_accepted()
    {
        // The refusals above are about the subject alone: this token differs from them in nothing else.
        using var http = Server.HttpFor(null);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Sign($"{{\"sub\": \"{Users.New()}\"}}"));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/v1/me")).StatusCode);
    }

    private Uri ConversationUri(string query = "") => new($"ws://{Server.BaseUri.Authority}/v1/conversation{query}");

    /// <summary>A token as the server signs them (issuer, audience, key, lifetime), with the given claims for the rest.</summary>
    private static string Sign(string claims)
    {
        var payload = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(claims)!;
        var now = DateTimeOffset.UtcNow;
        var all = new Dictionary<string, object>(payload.Select(p => KeyValuePair.Create(p.Key, (object)p.Value)))
        {
            ["iss"] = "waqup",
            ["aud"] = "waqup",
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
        };
        var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(AuthOptions.DevelopmentSigningKey));
        return new JsonWebTokenHandler().CreateToken(JsonSerializer.Serialize(all), new SigningCredentials(key, SecurityAlgorithms.HmacSha256));
    }

    private static ByteArrayContent Json(string body) => Json(body, [], "");

    private static ByteArrayContent Json(string before, byte[] raw, string after)
    {
        var content = new ByteArrayContent([.. Encoding.UTF8.GetBytes(before), .. raw, .. Encoding.UTF8.GetBytes(after)]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static async Task AssertBadRequestAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("\"status\":400", await response.Content.ReadAsStringAsync());
    }
}
