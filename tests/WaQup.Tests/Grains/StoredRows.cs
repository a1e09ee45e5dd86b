using Npgsql;

namespace WaQup.Tests.Grains;

/// <summary>Reads what a cluster's database holds, without calling (and so waking) a grain.</summary>
public sealed class StoredRows(string connectionString)
{
    /// <summary>How many rows the ledger table holds for the user, refusals included.</summary>
    public Task<long> LedgerRowsAsync(string user) =>
        ScalarAsync<long>("SELECT count(*) FROM waqup_credit_ledger WHERE user_id = $1", user);

    /// <summary>The size of the stored state of the grain keyed <paramref name="key"/> whose type name holds <paramref name="grainType"/>; null when none is stored.</summary>
    public Task<int?> StateBytesAsync(string key, string grainType) =>
        ScalarAsync<int?>(
            "SELECT octet_length(payloadbinary) FROM orleansstorage WHERE grainidextensionstring = $1 AND graintypestring ILIKE $2",
            key, $"%{grainType}%");

    private async Task<T> ScalarAsync<T>(string sql, params object[] values)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            query.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        var result = await query.ExecuteScalarAsync();
        return result is null or DBNull ? default! : (T)result;
    }
}
