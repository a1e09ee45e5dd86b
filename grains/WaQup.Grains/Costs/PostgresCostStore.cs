using Npgsql;
using NpgsqlTypes;
using WaQup.Abstractions.Grains;

namespace WaQup.Grains.Costs;

/// <summary>The table <c>waqup_provider_costs</c>, read against <c>waqup_rituals</c> for the audio the costs made.</summary>
public sealed class PostgresCostStore(NpgsqlDataSource database) : ICostStore
{
    private const string Totals =
        """
        count(*), coalesce(sum(input_tokens), 0)::bigint, coalesce(sum(output_tokens), 0)::bigint,
        coalesce(sum(characters), 0)::bigint, coalesce(sum(audio_seconds), 0)::float8, coalesce(sum(cost), 0),
        coalesce(sum(cost) FILTER (WHERE ritual_id IS NOT NULL), 0), currency
        """;

    public async Task AppendAsync(IReadOnlyList<CostRecord> records, CancellationToken cancellationToken)
    {
        if (records.Count == 0)
        {
            return;
        }

        await using var command = database.CreateCommand(
            """
            INSERT INTO waqup_provider_costs (id, at, provider, model, operation, input_tokens, output_tokens, characters,
                                              audio_seconds, cost, currency, user_id, session_id, ritual_id)
            SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::bigint[],
                                 $8::bigint[], $9::float8[], $10::numeric[], $11::text[], $12::text[], $13::text[], $14::text[])
            ON CONFLICT (id) DO NOTHING
            """);
        command.Parameters.AddWithValue(records.Select(r => r.Id).ToArray());
        command.Parameters.Add(new NpgsqlParameter
        {
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
            Value = records.Select(r => r.At.ToUniversalTime()).ToArray(),
        });
        command.Parameters.AddWithValue(records.Select(r => r.Provider).ToArray());
        command.Parameters.AddWithValue(records.Select(r => r.Model).ToArray());
        command.Parameters.AddWithValue(records.Select(r => r.Operation).ToArray());
        command.Parameters.AddWithValue(records.Select(r => r.InputTokens).ToArray());
        command.Parameters.AddWithValue(records.Select(r => r.OutputTokens).ToArray());
        command.Parameters.AddWithValue(records.Select(r => r.Characters).ToArray());
        command.Parameters.AddWithValue(records.Select(r => r.AudioSeconds).ToArray());
        command.Parameters.AddWithValue(records.Select(r => r.Cost).ToArray());
        command.Parameters.AddWithValue(records.Select(r => r.Currency).ToArray());
        command.Parameters.Add(Texts(records.Select(r => r.UserId)));
        command.Parameters.Add(Texts(records.Select(r => r.SessionId)));
        command.Parameters.Add(Texts(records.Select(r => r.RitualId)));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<ProviderCostReport> ProviderCostsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var lines = new List<CostLine>();
        await using (var command = database.CreateCommand(
            $"""
             SELECT provider, {Totals} FROM waqup_provider_costs
             WHERE at >= $1 AND at < $2 GROUP BY provider, currency ORDER BY provider, currency
             """))
        {
            command.Parameters.AddWithValue(from.ToUniversalTime());
            command.Parameters.AddWithValue(to.ToUniversalTime());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                lines.Add(LineOf(reader, reader.GetString(0), "", "", 1));
            }
        }

        await using var rituals = database.CreateCommand(
            "SELECT count(*), coalesce(sum(duration_ms), 0)::bigint FROM waqup_rituals WHERE created_at >= $1 AND created_at < $2");
        rituals.Parameters.AddWithValue(from.ToUniversalTime());
        rituals.Parameters.AddWithValue(to.ToUniversalTime());
        await using var made = await rituals.ExecuteReaderAsync(cancellationToken);
        await made.ReadAsync(cancellationToken);
        return new ProviderCostReport(from, to, made.GetInt64(0), made.GetInt64(1), lines);
    }

    public async Task<RitualCostReport?> RitualCostsAsync(string ritualId, CancellationToken cancellationToken)
    {
        var lines = new List<CostLine>();
        await using (var command = database.CreateCommand(
            $"""
             SELECT provider, model, operation, {Totals} FROM waqup_provider_costs
             WHERE ritual_id = $1 GROUP BY provider, model, operation, currency ORDER BY provider, model, operation, currency
             """))
        {
            command.Parameters.AddWithValue(ritualId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                lines.Add(LineOf(reader, reader.GetString(0), reader.GetString(1), reader.GetString(2), 3));
            }
        }

        await using var ritual = database.CreateCommand("SELECT duration_ms FROM waqup_rituals WHERE ritual_id = $1");
        ritual.Parameters.AddWithValue(ritualId);
        var duration = await ritual.ExecuteScalarAsync(cancellationToken) as long?;
        return duration is null && lines.Count == 0 ? null : new RitualCostReport(ritualId, duration, lines);
    }

    /// <summary>A line from the <see cref="Totals"/> columns, which start at <paramref name="first"/>.</summary>
    private static CostLine LineOf(NpgsqlDataReader reader, string provider, string model, string operation, int first) => new(
        provider,
        model,
        operation,
        reader.GetInt64(first),
        reader.GetInt64(first + 1),
        reader.GetInt64(first + 2),
        reader.GetInt64(first + 3),
        reader.GetDouble(first + 4),
        reader.GetDecimal(first + 5),
        reader.GetDecimal(first + 6),
        reader.GetString(first + 7));

    private static NpgsqlParameter Texts(IEnumerable<string?> values) => new()
    {
        NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text,
        Value = values.Select(v => (object?)v ?? DBNull.Value).ToArray(),
    };
}
