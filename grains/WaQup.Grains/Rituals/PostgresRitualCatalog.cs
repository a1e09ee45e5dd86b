using Npgsql;
using WaQup.Abstractions.Grains;

namespace WaQup.Grains.Rituals;

/// <summary>The ritual catalog in the <c>waqup_rituals</c> table, joined to the marketplace's pack tables for libraries and access.</summary>
public sealed class PostgresRitualCatalog(NpgsqlDataSource database) : IRitualCatalog
{
    private const int LibraryLimit = 500;

    public async Task UpsertAsync(RitualDetails ritual, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            """
            INSERT INTO waqup_rituals (ritual_id, owner_id, kind, title, duration_ms, created_at, is_public, script)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (ritual_id) DO UPDATE SET
                title = EXCLUDED.title, is_public = EXCLUDED.is_public, duration_ms = EXCLUDED.duration_ms
            """);
        command.Parameters.AddWithValue(ritual.RitualId);
        command.Parameters.AddWithValue(ritual.OwnerId);
        command.Parameters.AddWithValue(ritual.Kind);
        command.Parameters.AddWithValue(ritual.Title);
        command.Parameters.AddWithValue(ritual.DurationMs);
        command.Parameters.AddWithValue(ritual.CreatedAt);
        command.Parameters.AddWithValue(ritual.IsPublic);
        command.Parameters.AddWithValue(ritual.Script);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task DeleteAsync(string ritualId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("DELETE FROM waqup_rituals WHERE ritual_id = $1");
        command.Parameters.AddWithValue(ritualId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<RitualSummary>> ListLibraryAsync(string userId, CancellationToken cancellationToken)
    {
        // A ritual is listed once: as the person's own if it is (a creator's pack holds only their own rituals), else
        // as purchased, however many of their packs hold it.
        await using var command = database.CreateCommand(
            $"""
            SELECT ritual_id, kind, title, duration_ms, created_at, source FROM (
                SELECT DISTINCT ON (ritual_id) ritual_id, kind, title, duration_ms, created_at, source FROM (
                    SELECT ritual_id, kind, title, duration_ms, created_at, 'created' AS source, 0 AS rank
                    FROM waqup_rituals WHERE owner_id = $1
                    UNION ALL
                    SELECT r.ritual_id, r.kind, r.title, r.duration_ms, r.created_at, 'purchased', 1
                    FROM waqup_pack_owners o
                    JOIN waqup_pack_rituals pr ON pr.pack_id = o.pack_id
                    JOIN waqup_rituals r ON r.ritual_id = pr.ritual_id
                    WHERE o.user_id = $1
                ) AS both_sources
                ORDER BY ritual_id, rank
            ) AS library
            ORDER BY created_at DESC, ritual_id DESC LIMIT {LibraryLimit}
            """);
        command.Parameters.AddWithValue(userId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rituals = new List<RitualSummary>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rituals.Add(new RitualSummary(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetInt64(3),
                reader.GetFieldValue<DateTimeOffset>(4),
                reader.GetString(5)));
        }

        return rituals;
    }

    public async Task<bool> PlayableThroughPackAsync(string ritualId, string userId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            """
            SELECT EXISTS (
                SELECT 1 FROM waqup_pack_rituals pr JOIN waqup_packs p ON p.pack_id = pr.pack_id
                WHERE pr.ritual_id = $1 AND (
                    (p.status = 'published' AND p.price_credits = 0)
                    OR EXISTS (SELECT 1 FROM waqup_pack_owners o WHERE o.pack_id = p.pack_id AND o.user_id = $2)))
            """);
        command.Parameters.AddWithValue(ritualId);
        command.Parameters.AddWithValue(userId);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
