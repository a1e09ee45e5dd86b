using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Rest;

/// <summary>REST requests are limited per user a minute; the development token endpoint is not limited.</summary>
public sealed class RateLimitTests
{
    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Past_the_limit_a_user_gets_429_with_a_problem_and_when_to_retry_and_other_users_are_unaffected()
    {
        await using var server = await WaQupServer.StartAsync(settings: new Dictionary<string, string?> { ["RateLimits:RequestsPerMinute"] = "3" });
        var user = Users.New();
        using var http = server.HttpFor(user);
        for (var i = 0; i < 3; i++)
        {
            (await http.GetAsync("/v1/me")).EnsureSuccessStatusCode();
        }

        using var refused = await http.GetAsync("/v1/me");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.InRange(int.Parse(Assert.Single(refused.Headers.GetValues("Retry-After"))), 1, 60);
        Assert.Equal(429, (int)(await refused.Content.ReadFromJsonAsync<JsonObject>())!["status"]!);

        using var other = server.HttpFor(Users.New());
        (await other.GetAsync("/v1/me")).EnsureSuccessStatusCode();
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Development_tokens_are_not_rate_limited()
    {
        await using var server = await WaQupServer.StartAsync(settings: new Dictionary<string, string?> { ["RateLimits:RequestsPerMinute"] = "3" });
        using var http = server.HttpFor(null);
        for (var i = 0; i < 10; i++)
        {
            using var response = await http.PostAsJsonAsync("/v1/auth/dev-token", new { user_id = $"many-{i}" });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }
}
