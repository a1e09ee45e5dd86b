using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace WaQup.Load;

/// <summary>Makes fresh users through the dev token endpoint; each new user starts with the welcome credits.</summary>
public sealed class DevTokens(HttpClient http)
{
    public async Task<string> NewUserAsync(CancellationToken cancellationToken) => (await NewUserWithIdAsync(cancellationToken)).Token;

    public async Task<(string UserId, string Token)> NewUserWithIdAsync(CancellationToken cancellationToken)
    {
        var userId = $"load-{Guid.NewGuid():N}";
        using var response = await http.PostAsJsonAsync("/v1/auth/dev-token", new { user_id = userId }, cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
        return (userId, (string?)body?["access_token"] ?? throw new InvalidOperationException("the dev token answer has no access_token"));
    }
}
