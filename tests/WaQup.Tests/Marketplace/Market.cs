using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WaQup.Abstractions.Grains;
using WaQup.Providers.Blobs;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Marketplace;

/// <summary>
/// The marketplace as its tests drive it, on one running system: rituals saved straight to their grains (with an
/// audio file), creators, packs, purchases, and the tables the grains keep.
/// </summary>
public sealed class Market(WaQupServer server)
{
    public const int Welcome = 10;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public IGrainFactory Grains => server.Services.GetRequiredService<IGrainFactory>();

    public HttpClient HttpFor(string? userId) => server.HttpFor(userId);

    /// <summary>A ritual of <paramref name="owner"/>, saved as a finished production saves one, audio included.</summary>
    public async Task<string> RitualAsync(string owner, string title = "Calm mornings", string script = "I am calm.", string kind = "affirmation", long durationMs = 60_000)
    {
        var id = $"rit_{Guid.NewGuid():N}";
        var blobKey = $"rituals/{id}.ogg";
        await server.Services.GetRequiredService<IBlobStore>().PutAsync(blobKey, new MemoryStream(Encoding.UTF8.GetBytes("OggS test audio")), "audio/ogg", Cancel);
        await Grains.GetGrain<IRitualGrain>(id).CreateAsync(new RitualDetails(
            id, owner, kind, title, durationMs, DateTimeOffset.UtcNow, script, "slt", blobKey, "audio/ogg", IsPublic: false, CreditsCharged: 1));
        return id;
    }

    /// <summary>Makes <paramref name="user"/> a creator; their creator id.</summary>
    public async Task<string> CreatorAsync(string user, string name = "Ada")
    {
        using var http = HttpFor(user);
        using var response = await http.PutAsJsonAsync("/v1/me/creator", new { display_name = name, bio = "I write calm things." }, Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>(Cancel))!["creator_id"]!;
    }

    public async Task<(HttpStatusCode Status, JsonObject? Body)> SendAsync(string? user, HttpMethod method, string path, object? body = null, string? key = null)
    {
        using var http = HttpFor(user);
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = body as HttpContent ?? JsonContent.Create(body);
        }

        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        using var response = await http.SendAsync(request, Cancel);
        var text = await response.Content.ReadAsStringAsync(Cancel);
        if (!response.IsSuccessStatusCode && text.Length > 0)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        return (response.StatusCode, text.Length > 0 && JsonNode.Parse(text) is JsonObject json ? json : null);
    }

    /// <summary>A draft pack of <paramref name="creator"/> (a creator already) holding <paramref name="ritualIds"/>.</summary>
    public async Task<string> PackAsync(string creator, IReadOnlyList<string> ritualIds, int price = 5, string title = "Morning calm", string[]? tags = null)
    {
        var (status, body) = await SendAsync(creator, HttpMethod.Post, "/v1/packs",
            new { title, description = "Three calm minutes.", ritual_ids = ritualIds, price_credits = price, tags = tags ?? ["calm"] });
        Assert.Equal(HttpStatusCode.Created, status);
        return (string)body!["pack_id"]!;
    }

    /// <summary>A creator with a published pack of one new ritual: the creator, the ritual and the pack.</summary>
    public async Task<(string Creator, string Ritual, string Pack)> PublishedAsync(int price = 5)
    {
        var creator = Users.New("creator");
        await CreatorAsync(creator);
        var ritual = await RitualAsync(creator);
        var pack = await PackAsync(creator, [ritual], price);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(creator, HttpMethod.Post, $"/v1/packs/{pack}/publish")).Status);
        return (creator, ritual, pack);
    }

    public Task<(HttpStatusCode Status, JsonObject? Body)> BuyAsync(string buyer, string pack, string? key) =>
        SendAsync(buyer, HttpMethod.Post, $"/v1/packs/{pack}/purchase", key: key);

    public Task<CreditStatement> StatementAsync(string user) => Grains.GetGrain<ICreditGrain>(user).GetStatementAsync();

    /// <summary>One value from the database the system runs on.</summary>
    public async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var database = NpgsqlDataSource.Create(server.ConnectionString);
        await using var command = database.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.AddWithValue(parameter);
        }

        return (T)(await command.ExecuteScalarAsync(Cancel))!;
    }
}
