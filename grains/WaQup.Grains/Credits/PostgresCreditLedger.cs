using Npgsql;
using NpgsqlTypes;
using WaQup.Abstractions.Grains;

namespace WaQup.Grains.Credits;

/// <summary>The ledger table <c>waqup_credit_ledger</c>.</summary>
public sealed class PostgresCreditLedger(NpgsqlDataSource database) : ICreditLedger
{
    public async Task AppendAsync(string userId, IReadOnlyList<PositionedEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return;
        }

        // One statement for the whole batch: it lands entirely or not at all, and a row already there is skipped.
        await using var command = database.CreateCommand(
            """
            INSERT INTO waqup_credit_ledger (user_id, entry_id, seq, kind, amount, at, reason)
            SELECT $1, e.entry_id, e.seq, e.kind, e.amount, e.at, e.reason
            FROM unnest($2::text[], $3::bigint[], $4::text[], $5::integer[], $6::timestamptz[], $7::text[])
                AS e(entry_id, seq, kind, amount, at, reason)
            ON CONFLICT (user_id, entry_id) DO NOTHING
            """);
        command.Parameters.AddWithValue(userId);
        command.Parameters.AddWithValue(entries.Select(e => e.Entry.Id).ToArray());
        command.Parameters.AddWithValue(entries.Select(e => e.Position).ToArray());
        command.Parameters.AddWithValue(entries.Select(e => e.Entry.Kind).ToArray());
        command.Parameters.AddWithValue(entries.Select(e => e.Entry.Amount).ToArray());
        command.Parameters.Add(new NpgsqlParameter
        {
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
            Value = entries.Select(e => e.Entry.At.ToUniversalTime()).ToArray(),
        });
        command.Parameters.AddWithValue(entries.Select(e => e.Entry.Reason).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int?> AmountOfAsync(string userId, string entryId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT amount FROM waqup_credit_ledger WHERE user_id = $1 AND entry_id = $2");
        command.Parameters.AddWithValue(userId);
        command.Parameters.AddWithValue(entryId);
        return await command.ExecuteScalarAsync(cancellationToken) is int amount ? amount : null;
    }

    public async Task<IReadOnlySet<string>> FindAsync(string userId, IReadOnlyCollection<string> entryIds, CancellationToken cancellationToken)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        if (entryIds.Count == 0)
        {
            return found;
        }

        await using var command = database.CreateCommand(
            "SELECT entry_id FROM waqup_credit_ledger WHERE user_id = $1 AND entry_id = ANY($2)");
        command.Parameters.AddWithValue(userId);
        command.Parameters.AddWithValue(entryIds.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(reader.GetString(0));
        }

        return found;
    }

    public async Task<IReadOnlyList<PositionedEntry>> ReadBeforeAsync(string userId, long? beforePosition, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var command = database.CreateCommand(
            $"""
            SELECT seq, entry_id, kind, amount, at, reason FROM waqup_credit_ledger
            WHERE user_id = $1 AND seq < $2 AND kind <> '{LedgerKinds.Refusal}'
            ORDER BY seq DESC
            LIMIT $3
            """);
        command.Parameters.AddWithValue(userId);
        command.Parameters.AddWithValue(beforePosition ?? long.MaxValue);
        command.Parameters.AddWithValue(limit);
        return await ReadEntriesAsync(command, cancellationToken);
    }

    public async Task<(long Total, IReadOnlyList<PositionedEntry> NewestFirst)> ReadKindAsync(
        string userId, string kind, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var total = database.CreateCommand("SELECT COALESCE(SUM(amount), 0) FROM waqup_credit_ledger WHERE user_id = $1 AND kind = $2");
        total.Parameters.AddWithValue(userId);
        total.Parameters.AddWithValue(kind);
        var sum = (long)(await total.ExecuteScalarAsync(cancellationToken))!;

        await using var command = database.CreateCommand(
            """
            SELECT seq, entry_id, kind, amount, at, reason FROM waqup_credit_ledger
            WHERE user_id = $1 AND kind = $2
            ORDER BY seq DESC
            LIMIT $3
            """);
        command.Parameters.AddWithValue(userId);
        command.Parameters.AddWithValue(kind);
        command.Parameters.AddWithValue(limit);
        return (sum, await ReadEntriesAsync(command, cancellationToken));
    }

    private static async Task<IReadOnlyList<PositionedEntry>> ReadEntriesAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<PositionedEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new PositionedEntry(
                reader.GetInt64(0),
                new LedgerEntry(
                    reader.GetString(1),
                    reader.GetString(2),
                    reader.GetInt32(3),
                    reader.GetFieldValue<DateTimeOffset>(4),
                    reader.GetString(5))));
        }

        return entries;
    }
}
