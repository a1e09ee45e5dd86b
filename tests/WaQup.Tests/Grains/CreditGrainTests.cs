using Npgsql;
using WaQup.Abstractions.Grains;
using WaQup.Abstractions.Protocol;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Grains;

/// <summary>The credit grain on a TestingHost cluster with its state and reminders in PostgreSQL.</summary>
public sealed class CreditGrainTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    private ICreditGrain CreditsOf(string user) => fixture.Cluster.GrainFactory.GetGrain<ICreditGrain>(user);

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_repeated_operation_id_changes_nothing()
    {
        var credits = CreditsOf($"idem-{Guid.NewGuid():N}");
        await credits.GrantAsync("g1", 10, "test");
        await credits.GrantAsync("g1", 10, "test again");
        var first = await credits.ReserveAsync("r1", 4, TimeSpan.FromMinutes(5), "ritual");
        var second = await credits.ReserveAsync("r1", 4, TimeSpan.FromMinutes(5), "ritual");
        Assert.True(first.Reserved);
        Assert.True(second.Reserved);
        Assert.Equal(new(6, 4), second.Credits);

        await credits.CommitAsync("r1");
        await credits.CommitAsync("r1");
        await credits.RefundAsync("r1", "too late");
        var statement = await credits.GetStatementAsync();
        Assert.Equal(6, statement.Balance);
        Assert.Equal(0, statement.Reserved);
        Assert.Equal(["grant", "reserve", "commit"], statement.Ledger.Select(e => e.Kind));
        Assert.Equal(statement.Balance, statement.Ledger.Sum(e => e.Amount));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task An_extended_reservation_outlives_its_first_expiry_and_an_expired_one_cannot_be_extended()
    {
        var credits = CreditsOf($"extend-{Guid.NewGuid():N}");
        await credits.GrantAsync("g", 10, "test");
        await credits.ReserveAsync("kept", 2, TimeSpan.FromSeconds(1), "ritual");
        await credits.ReserveAsync("let-go", 3, TimeSpan.FromSeconds(1), "ritual");

        Assert.True(await credits.ExtendAsync("kept", TimeSpan.FromMinutes(5)));
        // "kept" was reserved first, for as long: once "let-go" has expired, "kept" would have too, had it not been extended.
        await Until.TrueAsync(
            async () => (await credits.GetStatementAsync()).Ledger.Any(e => e.Kind == "refund"),
            TimeSpan.FromSeconds(30),
            "the reservation that was not extended expired");

        Assert.False(await credits.ExtendAsync("let-go", TimeSpan.FromMinutes(5)));
        Assert.False(await credits.ExtendAsync("never-made", TimeSpan.FromMinutes(5)));
        var statement = await credits.GetStatementAsync();
        Assert.Equal(new(8, 2), new CreditsView(statement.Balance, statement.Reserved));
        Assert.Equal(["grant", "reserve", "reserve", "refund"], statement.Ledger.Select(e => e.Kind));
        await credits.CommitAsync("kept");
        Assert.Equal(["grant", "reserve", "reserve", "refund", "commit"], (await credits.GetStatementAsync()).Ledger.Select(e => e.Kind));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_reservation_beyond_the_balance_is_refused_and_stays_refused_on_retry()
    {
        var credits = CreditsOf($"poor-{Guid.NewGuid():N}");
        await credits.GrantAsync("g", 3, "test");
        Assert.False((await credits.ReserveAsync("big", 5, TimeSpan.FromMinutes(1), "ritual")).Reserved);
        await credits.GrantAsync("g2", 10, "top up");
        Assert.False((await credits.ReserveAsync("big", 5, TimeSpan.FromMinutes(1), "ritual")).Reserved);
        Assert.Equal(new(13, 0), await credits.GetAsync());
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_refund_gives_back_the_whole_reservation_once()
    {
        var credits = CreditsOf($"refund-{Guid.NewGuid():N}");
        await credits.GrantAsync("g", 10, "test");
        await credits.ReserveAsync("r", 7, TimeSpan.FromMinutes(5), "ritual");
        await credits.RefundAsync("r", "cancelled");
        await credits.RefundAsync("r", "cancelled again");
        await credits.CommitAsync("r");
        var statement = await credits.GetStatementAsync();
        Assert.Equal(10, statement.Balance);
        Assert.Equal(["grant", "reserve", "refund"], statement.Ledger.Select(e => e.Kind));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_reservation_expires_and_refunds_itself_across_a_silo_restart()
    {
        var user = $"expiry-{Guid.NewGuid():N}";
        await CreditsOf(user).GrantAsync("g", 10, "test");
        await CreditsOf(user).ReserveAsync("r", 4, TimeSpan.FromSeconds(3), "ritual");
        Assert.True(await HasReminderAsync(user), "the reservation registered no reminder");

        await fixture.Cluster.RestartSiloAsync(fixture.Cluster.Primary!);
        await fixture.Cluster.WaitForLivenessToStabilizeAsync();

        // Nobody calls the grain until its reminder has fired and, with nothing left open, unregistered itself: only
        // the reminder can have woken it. The deadline allows for one missed tick (the reminder's period is a minute).
        await Until.TrueAsync(async () => !await HasReminderAsync(user), TimeSpan.FromSeconds(90), "the reminder fired, refunded the reservation and unregistered itself");
        var askedAt = DateTimeOffset.UtcNow;
        var statement = await CreditsOf(user).GetStatementAsync();

        Assert.Equal(0, statement.Reserved);
        Assert.Equal(10, statement.Balance);
        var refund = statement.Ledger[^1];
        Assert.Equal("refund", refund.Kind);
        Assert.Equal("ritual (reservation expired)", refund.Reason);
        Assert.True(refund.At < askedAt, $"refunded at {refund.At:O}, asked at {askedAt:O}: the refund waited for a caller");
    }

    /// <summary>Whether the user's credit grain has a reminder, read from the reminder table: a call would wake the grain.</summary>
    private async Task<bool> HasReminderAsync(string user)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT count(*) FROM orleansreminderstable WHERE grainid = $1", connection)
        {
            Parameters = { new NpgsqlParameter { Value = CreditsOf(user).GetGrainId().ToString() } },
        };
        return (long)(await query.ExecuteScalarAsync())! > 0;
    }
}
