using System.Reflection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace WaQup.Silo.Database;

/// <summary>
/// Applies the embedded SQL migrations in name order, once each, under an advisory lock so that silos
/// starting together do not race. Each migration is idempotent as well, so a crash half-way is safe.
/// </summary>
public sealed class MigrationRunner(NpgsqlDataSource database, ILogger<MigrationRunner> logger)
{
    // Any fixed number: it only has to be the same for every silo of this database.
    private const long LockKey = 0x5741_5155_5000;
    private const string ResourcePrefix = "WaQup.Silo.Database.Migrations.";

    public static IReadOnlyList<(string Name, string Sql)> Migrations { get; } = LoadMigrations();

    public async Task ApplyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({LockKey})", cancellationToken);
        try
        {
            await ExecuteAsync(connection,
                "CREATE TABLE IF NOT EXISTS waqup_schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
                cancellationToken);
            var applied = new HashSet<string>(StringComparer.Ordinal);
            await using (var read = new NpgsqlCommand("SELECT name FROM waqup_schema_migrations", connection))
            await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    applied.Add(reader.GetString(0));
                }
            }

            foreach (var (name, sql) in Migrations.Where(m => !applied.Contains(m.Name)))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await using (var apply = new NpgsqlCommand(sql, connection, transaction))
                {
                    await apply.ExecuteNonQueryAsync(cancellationToken);
                }

                await using (var record = new NpgsqlCommand("INSERT INTO waqup_schema_migrations (name) VALUES ($1)", connection, transaction))
                {
                    record.Parameters.AddWithValue(name);
                    await record.ExecuteNonQueryAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
                logger.LogInformation("Applied migration {Migration}", name);
            }
        }
        finally
        {
            await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static IReadOnlyList<(string, string)> LoadMigrations()
    {
        var assembly = Assembly.GetExecutingAssembly();
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return (n[ResourcePrefix.Length..], reader.ReadToEnd());
            })
            .ToList();
    }
}
