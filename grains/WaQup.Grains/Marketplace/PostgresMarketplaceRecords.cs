using Npgsql;
using NpgsqlTypes;
using WaQup.Abstractions.Marketplace;

namespace WaQup.Grains.Marketplace;

/// <summary>The marketplace's tables in PostgreSQL (migration 0104).</summary>
public sealed class PostgresMarketplaceRecords(NpgsqlDataSource database) : IMarketplaceRecords
{
    public async Task UpsertCreatorAsync(string userId, CreatorProfile profile, DateTimeOffset createdAt, DateTimeOffset updatedAt, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            """
            INSERT INTO waqup_creators (creator_id, user_id, display_name, bio, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (creator_id) DO UPDATE SET
                display_name = EXCLUDED.display_name, bio = EXCLUDED.bio, updated_at = EXCLUDED.updated_at
            """);
        command.Parameters.AddWithValue(profile.CreatorId);
        command.Parameters.AddWithValue(userId);
        command.Parameters.AddWithValue(profile.DisplayName);
        command.Parameters.AddWithValue(profile.Bio);
        command.Parameters.AddWithValue(createdAt.ToUniversalTime());
        command.Parameters.AddWithValue(updatedAt.ToUniversalTime());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<CreatorDay>> ReadCreatorDaysAsync(string creatorId, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            """
            SELECT day, plays, completions, purchases, credits_earned FROM waqup_creator_days
            WHERE creator_id = $1 AND day BETWEEN $2 AND $3
            ORDER BY day
            """);
        command.Parameters.AddWithValue(creatorId);
        command.Parameters.AddWithValue(from);
        command.Parameters.AddWithValue(to);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var days = new List<CreatorDay>();
        while (await reader.ReadAsync(cancellationToken))
        {
            days.Add(new CreatorDay(reader.GetFieldValue<DateOnly>(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4)));
        }

        return days;
    }

    public async Task UpsertPackAsync(string packId, PackState pack, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand(
            """
            INSERT INTO waqup_packs (pack_id, creator_id, creator_user_id, title, description, tags, tags_text, price_credits,
                                     status, kinds, total_ms, ritual_count, script_text, created_at, updated_at, published_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
            ON CONFLICT (pack_id) DO UPDATE SET
                title = EXCLUDED.title, description = EXCLUDED.description, tags = EXCLUDED.tags, tags_text = EXCLUDED.tags_text,
                price_credits = EXCLUDED.price_credits, status = EXCLUDED.status, kinds = EXCLUDED.kinds,
                total_ms = EXCLUDED.total_ms, ritual_count = EXCLUDED.ritual_count, script_text = EXCLUDED.script_text,
                updated_at = EXCLUDED.updated_at, published_at = COALESCE(waqup_packs.published_at, EXCLUDED.published_at)
            """, connection, transaction))
        {
            command.Parameters.AddWithValue(packId);
            command.Parameters.AddWithValue(pack.CreatorId);
            command.Parameters.AddWithValue(pack.CreatorUserId!);
            command.Parameters.AddWithValue(pack.Title);
            command.Parameters.AddWithValue(pack.Description);
            command.Parameters.AddWithValue(pack.Tags.ToArray());
            command.Parameters.AddWithValue(string.Join(' ', pack.Tags));
            command.Parameters.AddWithValue(pack.PriceCredits);
            command.Parameters.AddWithValue(pack.Status);
            command.Parameters.AddWithValue(pack.Rituals.Select(r => r.Kind).Distinct().Order(StringComparer.Ordinal).ToArray());
            command.Parameters.AddWithValue(pack.Rituals.Sum(r => r.DurationMs));
            command.Parameters.AddWithValue(pack.Rituals.Count);
            command.Parameters.AddWithValue(string.Join("\n\n", pack.Rituals.Select(r => r.Script)));
            command.Parameters.AddWithValue(pack.CreatedAt.ToUniversalTime());
            command.Parameters.AddWithValue(pack.UpdatedAt.ToUniversalTime());
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = (object?)pack.PublishedAt?.ToUniversalTime() ?? DBNull.Value });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var command = new NpgsqlCommand(
            """
            DELETE FROM waqup_pack_rituals WHERE pack_id = $1;
            """, connection, transaction))
        {
            command.Parameters.AddWithValue(packId);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var command = new NpgsqlCommand(
            """
            INSERT INTO waqup_pack_rituals (pack_id, ritual_id, position)
            SELECT $1, r.ritual_id, r.position FROM unnest($2::text[]) WITH ORDINALITY AS r(ritual_id, position)
            """, connection, transaction))
        {
            command.Parameters.AddWithValue(packId);
            command.Parameters.AddWithValue(pack.Rituals.Select(r => r.RitualId).ToArray());
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<PackStanding> ReadStandingAsync(string packId, string userId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            """
            -- The mean in full precision: the generated rating column is a real, for sorting.
            SELECT CASE WHEN rating_count = 0 THEN NULL ELSE rating_sum::float8 / rating_count END, rating_count, plays, purchases,
                   EXISTS (SELECT 1 FROM waqup_pack_owners o WHERE o.pack_id = p.pack_id AND o.user_id = $2),
                   ARRAY (SELECT pr.ritual_id FROM waqup_pack_rituals pr WHERE pr.pack_id = p.pack_id
                          AND NOT EXISTS (SELECT 1 FROM waqup_rituals r WHERE r.ritual_id = pr.ritual_id))
            FROM waqup_packs p WHERE pack_id = $1
            """);
        command.Parameters.AddWithValue(packId);
        command.Parameters.AddWithValue(userId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return PackStanding.None;
        }

        return new PackStanding(
            reader.IsDBNull(0) ? null : reader.GetDouble(0),
            reader.GetInt64(1),
            reader.GetInt64(2),
            reader.GetInt64(3),
            reader.GetBoolean(4),
            reader.GetFieldValue<string[]>(5).ToHashSet(StringComparer.Ordinal));
    }

    public async Task<bool> OwnsAsync(string packId, string userId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT EXISTS (SELECT 1 FROM waqup_pack_owners WHERE pack_id = $1 AND user_id = $2)");
        command.Parameters.AddWithValue(packId);
        command.Parameters.AddWithValue(userId);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task RecordPurchaseAsync(PurchaseRecord purchase, CancellationToken cancellationToken)
    {
        // One statement: the counts follow only from an ownership row this statement inserted.
        await using var command = database.CreateCommand(
            """
            WITH owned AS (
                INSERT INTO waqup_pack_owners (pack_id, user_id, purchased_at, credits_charged)
                VALUES ($1, $2, $3, $4)
                ON CONFLICT (pack_id, user_id) DO NOTHING
                RETURNING pack_id
            ), counted AS (
                UPDATE waqup_packs SET purchases = purchases + 1 WHERE pack_id IN (SELECT pack_id FROM owned)
            )
            INSERT INTO waqup_creator_days (creator_id, day, purchases, credits_earned)
            SELECT $5, $6, 1, $7 FROM owned
            ON CONFLICT (creator_id, day) DO UPDATE SET
                purchases = waqup_creator_days.purchases + 1,
                credits_earned = waqup_creator_days.credits_earned + EXCLUDED.credits_earned
            """);
        command.Parameters.AddWithValue(purchase.PackId);
        command.Parameters.AddWithValue(purchase.BuyerId);
        command.Parameters.AddWithValue(purchase.At.ToUniversalTime());
        command.Parameters.AddWithValue(purchase.CreditsCharged);
        command.Parameters.AddWithValue(purchase.CreatorId);
        command.Parameters.AddWithValue(DateOnly.FromDateTime(purchase.At.UtcDateTime));
        command.Parameters.AddWithValue((long)purchase.CreatorShare);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<(double? Rating, long Count)> RateAsync(string packId, string userId, int stars, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand(
            """
            INSERT INTO waqup_pack_ratings (pack_id, user_id, stars, rated_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (pack_id, user_id) DO UPDATE SET stars = EXCLUDED.stars, rated_at = EXCLUDED.rated_at
            """, connection, transaction))
        {
            command.Parameters.AddWithValue(packId);
            command.Parameters.AddWithValue(userId);
            command.Parameters.AddWithValue((short)stars);
            command.Parameters.AddWithValue(at.ToUniversalTime());
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        // Counted afresh from the ratings, not incremented: a replaced rating must not count twice.
        (double? Rating, long Count) result;
        await using (var command = new NpgsqlCommand(
            """
            UPDATE waqup_packs SET
                rating_sum = (SELECT COALESCE(SUM(stars), 0) FROM waqup_pack_ratings WHERE pack_id = $1),
                rating_count = (SELECT COUNT(*) FROM waqup_pack_ratings WHERE pack_id = $1)
            WHERE pack_id = $1
            RETURNING CASE WHEN rating_count = 0 THEN NULL ELSE rating_sum::float8 / rating_count END, rating_count
            """, connection, transaction))
        {
            command.Parameters.AddWithValue(packId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            result = await reader.ReadAsync(cancellationToken)
                ? (reader.IsDBNull(0) ? null : reader.GetDouble(0), reader.GetInt64(1))
                : (null, 0);
        }

        await transaction.CommitAsync(cancellationToken);
        return result;
    }
}
