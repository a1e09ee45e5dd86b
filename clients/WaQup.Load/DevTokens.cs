using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace WaQup.Load;

/// <summary>Makes fresh users through the dev token endpoint; each new user starts with the welcome credits.</summary>
public sealed class DevTokens(HttpClient http)
{
    public async Task<string> NewUserAsync(CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("/v1/auth/dev-token", new { user_id = $"load-{Guid.NewGuid():N}" }, cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
        return (string?)body?["access_token"] ?? throw new InvalidOperationException("the dev token answer has no access_token");
    }
}
