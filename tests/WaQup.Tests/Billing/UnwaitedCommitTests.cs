using Npgsql;
using WaQup.Abstractions.Grains;
using WaQup.Grains.Billing;
using WaQup.Grains.Credits;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Billing;

/// <summary>
/// The two writes committed without waiting for the disk (the ledger's copy, an event's handled mark) land as before,
/// and the setting stays inside their own transaction: a pooled connection handed on keeps waiting for the disk, so the
/// grain states and recorded events written on it after them stay durable.
/// </summary>
public sealed class UnwaitedCommitTests
{
    private static CancellationToken TestCancellation => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task The_ledger_copy_lands_and_leaves_the_connection_waiting_for_the_disk()
    {
        await using var database = await WaitingConnectionAsync();
        var ledger = new PostgresCreditLedger(database);
        var at = DateTimeOffset.UtcNow;

        await ledger.AppendAsync("u-copy", [new PositionedEntry(1, new LedgerEntry("op-1:grant", "grant", 10, at, "welcome"))], TestCancellation);

        Assert.Equal(["op-1:grant"], await ledger.FindAsync("u-copy", ["op-1:grant", "op-2:grant"], TestCancellation));
        Assert.Equal("on", await SynchronousCommitAsync(database));
    }

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
