using Npgsql;
using WaQup.Abstractions.Grains;

namespace WaQup.Grains.Rituals;

/// <summary>The ritual catalog in the <c>waqup_rituals</c> table.</summary>
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

    public async Task<IReadOnlyList<RitualSummary>> ListByOwnerAsync(string ownerId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            $"""
            SELECT ritual_id, kind, title, duration_ms, created_at FROM waqup_rituals
            WHERE owner_id = $1 ORDER BY created_at DESC, ritual_id DESC LIMIT {LibraryLimit}
            """);
        command.Parameters.AddWithValue(ownerId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rituals = new List<RitualSummary>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rituals.Add(new RitualSummary(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetInt64(3),
                reader.GetFieldValue<DateTimeOffset>(4)));
        }

        return rituals;
    }
}
