using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using WaQup.Silo.Database;

namespace WaQup.Tests.Infrastructure;

/// <summary>A fresh database, migrated, on the throwaway PostgreSQL that <c>./waqup test</c> starts.</summary>
public static class TestDatabase
{
    public const string AdminVariable = "WAQUP_TEST_POSTGRES";

    public static async Task<string> CreateAsync()
    {
        var admin = Environment.GetEnvironmentVariable(AdminVariable)
            ?? throw new InvalidOperationException(
                $"{AdminVariable} is not set: run the tests with ./waqup test, which starts a throwaway PostgreSQL.");
        var name = $"waqup_test_{Guid.NewGuid():N}";
        await using (var server = NpgsqlDataSource.Create(admin))
        await using (var create = server.CreateCommand($"CREATE DATABASE {name}"))
        {
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
        await using var database = NpgsqlDataSource.Create(connectionString);
        await new MigrationRunner(database, NullLogger<MigrationRunner>.Instance).ApplyAsync(CancellationToken.None);
        return connectionString;
    }
}
