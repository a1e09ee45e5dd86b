using Npgsql;

namespace WaQup.Grains.Plays;

/// <summary>The plays table in PostgreSQL (migration 0105), beside the marketplace's tables (0104).</summary>
public sealed class PostgresPlayRecords(NpgsqlDataSource database) : IPlayRecords
{
    public async Task<PlayPack?> PackOfAsync(string ritualId, string userId, CancellationToken cancellationToken)
    {
        // A pack of the listener's own counts for nobody; CountAsync tells those apart by the creator's user id.
        await using var command = database.CreateCommand(
            """
            SELECT k.pack_id, k.title, k.creator_id, k.creator_user_id
            FROM waqup_pack_rituals pr
            JOIN waqup_packs k ON k.pack_id = pr.pack_id
            LEFT JOIN waqup_pack_owners o ON o.pack_id = k.pack_id AND o.user_id = $2
            WHERE pr.ritual_id = $1
              AND (k.creator_user_id = $2 OR o.user_id IS NOT NULL OR (k.status = 'published' AND k.price_credits = 0))
            ORDER BY (k.creator_user_id = $2 OR o.user_id IS NOT NULL) DESC, k.pack_id
            LIMIT 1
            """);
        command.Parameters.AddWithValue(ritualId);
        command.Parameters.AddWithValue(userId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new PlayPack(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3))
            : null;
    }

    public async Task CountAsync(string userId, PlayEffect counted, CancellationToken cancellationToken)
    {
        // One statement: the row once by its id, and the counts only when the row is new. A creator's own plays are
        // written without pack or creator, so that they count in nobody's analytics.
        var earning = counted.CreatorUserId is { } creatorUser && creatorUser != userId;
        await using var command = database.CreateCommand(
            """
            WITH made AS (
                INSERT INTO waqup_plays (play_id, user_id, ritual_id, pack_id, creator_id, day, counted_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7)
                ON CONFLICT (play_id) DO NOTHING
                RETURNING pack_id, creator_id, day),
            pack AS (
                UPDATE waqup_packs k SET plays = k.plays + 1 FROM made WHERE k.pack_id = made.pack_id RETURNING 1),
            creator_day AS (
                INSERT INTO waqup_creator_days (creator_id, day, plays)
                SELECT creator_id, day, 1 FROM made WHERE creator_id IS NOT NULL
                ON CONFLICT (creator_id, day) DO UPDATE SET plays = waqup_creator_days.plays + 1
                RETURNING 1)
            SELECT count(*) FROM made
            """);
        command.Parameters.AddWithValue(counted.PlayId);
        command.Parameters.AddWithValue(userId);
        command.Parameters.AddWithValue(counted.RitualId);
        command.Parameters.AddWithValue(earning ? counted.PackId! : DBNull.Value);
        command.Parameters.AddWithValue(earning ? counted.CreatorId! : DBNull.Value);
        command.Parameters.AddWithValue(counted.Day);
        command.Parameters.AddWithValue(counted.At.UtcDateTime);
        await command.ExecuteScalarAsync(cancellationToken);
    }

    public async Task CompleteAsync(PlayEffect completed, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            """
            WITH done AS (
                UPDATE waqup_plays SET completed_at = $2, reward = $3
                WHERE play_id = $1 AND completed_at IS NULL
                RETURNING creator_id),
            creator_day AS (
                INSERT INTO waqup_creator_days (creator_id, day, completions, credits_earned)
                SELECT creator_id, $4, 1, $3 FROM done WHERE creator_id IS NOT NULL
                ON CONFLICT (creator_id, day) DO UPDATE
                    SET completions = waqup_creator_days.completions + 1,
                        credits_earned = waqup_creator_days.credits_earned + EXCLUDED.credits_earned
                RETURNING 1)
            SELECT count(*) FROM done
            """);
        command.Parameters.AddWithValue(completed.PlayId);
        command.Parameters.AddWithValue(completed.At.UtcDateTime);
        command.Parameters.AddWithValue(completed.Reward);
        command.Parameters.AddWithValue(completed.Day);
        await command.ExecuteScalarAsync(cancellationToken);
    }
}
