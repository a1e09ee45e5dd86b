using Npgsql;
using WaQup.Grains.Billing;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Billing;

/// <summary>
/// An event's handled mark, committed without waiting for the disk, lands as before, and the setting stays inside its
/// own transaction: a pooled connection handed on keeps waiting for the disk, so the grain states, ledger entries and
/// recorded events written on it after the mark stay durable.
/// </summary>
public sealed class UnwaitedCommitTests
{
    private static CancellationToken TestCancellation => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task The_handled_mark_lands_and_leaves_the_connection_waiting_for_the_disk()
    {
        await using var database = await WaitingConnectionAsync();
        var records = new PostgresPaymentRecords(database);
        var now = DateTimeOffset.UtcNow;

        Assert.False(await records.RecordAsync("evt_unwaited", "checkout.session.completed", now, now, TestCancellation));
        await records.MarkHandledAsync("evt_unwaited", "applied", "u-mark", now, TestCancellation);

        Assert.True(await records.RecordAsync("evt_unwaited", "checkout.session.completed", now, now, TestCancellation));
        Assert.Equal("on", await SynchronousCommitAsync(database));
    }

    /// <summary>
    /// A pool of one connection, kept as it is between uses, so that the next statement runs on the very connection the
    /// write used; set to wait for the disk (the test server itself does not: it runs with synchronous_commit off).
    /// </summary>
    private static async Task<NpgsqlDataSource> WaitingConnectionAsync()
    {
        var connectionString = await TestDatabase.CreateAsync();
        var database = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 1, NoResetOnClose = true }.ConnectionString);
        await using var wait = database.CreateCommand("SET synchronous_commit TO on");
        await wait.ExecuteNonQueryAsync(TestCancellation);
        return database;
    }

    private static async Task<string?> SynchronousCommitAsync(NpgsqlDataSource database)
    {
        await using var show = database.CreateCommand("SHOW synchronous_commit");
        return (string?)await show.ExecuteScalarAsync(TestCancellation);
    }
}
