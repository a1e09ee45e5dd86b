using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Catalog;

/// <summary>
/// Writes the marketplace tables the way the creator, pack and purchase grains will (migration 0104's comments), so
/// that the catalog is tested on rows of the right shape before those grains exist in this branch.
/// </summary>
public sealed class MarketRows(WaQupServer server) : IAsyncDisposable
{
    private readonly NpgsqlDataSource _database = NpgsqlDataSource.Create(server.ConnectionString);

    /// <summary>A word no other test writes: letters only, so PostgreSQL's parser keeps it whole.</summary>
    public static string Word(string start = "qz") =>
        start + string.Concat(Guid.NewGuid().ToString("N")[..12].Select(c => (char)('a' + Convert.ToInt32(c.ToString(), 16))));

    public static string NewCreatorId() => $"cr_{Guid.NewGuid():N}";

    public async Task<string> CreatorAsync(string userId, string displayName = "A creator", string bio = "Calm things.")
    {
        var creatorId = NewCreatorId();
        await using var command = _database.CreateCommand(
            "INSERT INTO waqup_creators (creator_id, user_id, display_name, bio, created_at, updated_at) VALUES ($1, $2, $3, $4, now(), now())");
        command.Parameters.AddWithValue(creatorId);
        command.Parameters.AddWithValue(userId);
        command.Parameters.AddWithValue(displayName);
        command.Parameters.AddWithValue(bio);
        await command.ExecuteNonQueryAsync();
        return creatorId;
    }

    /// <summary>Writes <paramref name="pack"/> as the pack grain would, and returns its id.</summary>
    public async Task<string> PackAsync(TestPack pack)
    {
        var packId = pack.PackId ?? $"pk_{Guid.NewGuid():N}";
        DateTimeOffset? published = pack.Status == "draft" ? null : pack.PublishedAt ?? DateTimeOffset.UtcNow;
        await using var command = _database.CreateCommand(
            """
            INSERT INTO waqup_packs (pack_id, creator_id, creator_user_id, title, description, tags, tags_text, price_credits, status,
                kinds, total_ms, ritual_count, script_text, created_at, updated_at, published_at, plays, purchases, rating_sum, rating_count)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $15, $16, $17, $18, $19)
            """);
        command.Parameters.AddWithValue(packId);
        command.Parameters.AddWithValue(pack.CreatorId ?? "cr_00000000000000000000000000000000");
        command.Parameters.AddWithValue(pack.CreatorUserId ?? "u-nobody");
        command.Parameters.AddWithValue(pack.Title);
        command.Parameters.AddWithValue(pack.Description);
        command.Parameters.AddWithValue(pack.Tags);
        command.Parameters.AddWithValue(string.Join(' ', pack.Tags));
        command.Parameters.AddWithValue(pack.PriceCredits);
        command.Parameters.AddWithValue(pack.Status);
        command.Parameters.AddWithValue(pack.Kinds);
        command.Parameters.AddWithValue(pack.TotalMs);
        command.Parameters.AddWithValue(pack.Scripts.Length);
        command.Parameters.AddWithValue(string.Join('\n', pack.Scripts));
        command.Parameters.AddWithValue(published ?? DateTimeOffset.UtcNow);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset?> { TypedValue = published });
        command.Parameters.AddWithValue(pack.Plays);
        command.Parameters.AddWithValue(pack.Purchases);
        command.Parameters.AddWithValue((long)pack.Stars.Sum());
        command.Parameters.AddWithValue((long)pack.Stars.Length);
        await command.ExecuteNonQueryAsync();
        return packId;
    }

    /// <summary>What a purchase leaves behind: <paramref name="userId"/> owns <paramref name="packId"/>.</summary>
    public async Task OwnAsync(string userId, string packId)
    {
        await using var command = _database.CreateCommand(
            "INSERT INTO waqup_pack_owners (pack_id, user_id, purchased_at, credits_charged) VALUES ($1, $2, now(), 0)");
        command.Parameters.AddWithValue(packId);
        command.Parameters.AddWithValue(userId);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>What a counted play leaves behind (docs/plays.md): <paramref name="userId"/> played a ritual of <paramref name="packId"/>.</summary>
    public async Task PlayAsync(string userId, string packId)
    {
        await using var command = _database.CreateCommand(
            """
            INSERT INTO waqup_plays (play_id, user_id, ritual_id, pack_id, creator_id, day, counted_at)
            SELECT $1, $2, 'rit_played', p.pack_id, p.creator_id, current_date, now() FROM waqup_packs p WHERE p.pack_id = $3
            """);
        command.Parameters.AddWithValue($"play_{Guid.NewGuid():N}");
        command.Parameters.AddWithValue(userId);
        command.Parameters.AddWithValue(packId);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A ritual the user made, as the ritual grain lists it.</summary>
    public async Task RitualAsync(string userId, string kind)
    {
        await using var command = _database.CreateCommand(
            "INSERT INTO waqup_rituals (ritual_id, owner_id, kind, title, duration_ms, created_at, script) VALUES ($1, $2, $3, 'Mine', 60000, now(), 'Breathe.')");
        command.Parameters.AddWithValue($"r-{Guid.NewGuid():N}");
        command.Parameters.AddWithValue(userId);
        command.Parameters.AddWithValue(kind);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<(HttpStatusCode Status, JsonObject Body)> GetAsync(string? userId, string path)
    {
        using var http = server.HttpFor(userId);
        using var response = await http.GetAsync(path);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>() ?? [];
        return (response.StatusCode, body);
    }

    /// <summary>The pack ids of a list answer's <paramref name="list"/> array, in order.</summary>
    public static string[] Ids(JsonObject body, string list = "items") =>
        [.. body[list]!.AsArray().Select(item => (string)item!["pack_id"]!)];

    public ValueTask DisposeAsync() => _database.DisposeAsync();
}
