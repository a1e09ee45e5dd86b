using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;
using WaQup.Abstractions.Grains;
using WaQup.Abstractions.Protocol;
using WaQup.Grains.Credits;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Grains;

/// <summary>The credit grain's ledger table: bounded grain state, idempotency for any repeated id, pages and reservation checks.</summary>
public sealed class CreditLedgerTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    private IGrainFactory Grains => fixture.Cluster.GrainFactory;

    private StoredRows Stored => new(fixture.ConnectionString);

    private ICreditGrain CreditsOf(string user) => Grains.GetGrain<ICreditGrain>(user);

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task The_credit_state_stays_the_same_size_however_long_the_ledger_grows()
    {
        var user = Users.New("bounded");
        var credits = CreditsOf(user);
        await credits.GrantAsync("g", 1000, "test");
        // Past the few settled reservations the state remembers, it should not grow any more.
        await ChargeAsync(credits, 0, 40);
        var small = (await Stored.StateBytesAsync(user, "credit"))!.Value;

        await ChargeAsync(credits, 40, 60);
        var after = (await Stored.StateBytesAsync(user, "credit"))!.Value;

        Assert.True(after <= small + 16, $"the state grew from {small} to {after} bytes over 60 more charges");
        Assert.Equal(1 + (2 * 100), await Stored.LedgerRowsAsync(user));
        var statement = await credits.GetStatementAsync();
        Assert.Equal(1000 - 100, statement.Balance);
        Assert.Equal(statement.Balance, statement.Ledger.Sum(e => e.Amount));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task An_operation_repeated_long_after_it_left_the_state_changes_nothing()
    {
        var user = Users.New("old-ids");
        var credits = CreditsOf(user);
        await credits.GrantAsync("g1", 10, "test");
        await credits.GrantAsync("g0", 100, "test");
        await credits.ReserveAsync("charged", 4, TimeSpan.FromMinutes(5), "ritual");
        await credits.CommitAsync("charged");
        await credits.ReserveAsync("given-back", 3, TimeSpan.FromMinutes(5), "ritual");
        await credits.RefundAsync("given-back", "cancelled");
        Assert.False((await credits.ReserveAsync("too-big", 1000, TimeSpan.FromMinutes(5), "ritual")).Reserved);
        // Enough later operations, and a new activation, leave none of the earlier ones in the grain's state.
        await ChargeAsync(credits, 0, 40);
        await Deactivation.DeactivateAsync(Grains, credits);
        var before = await credits.GetStatementAsync();
        Assert.Equal(new CreditsView(66, 0), before.View);

        await credits.GrantAsync("g1", 10, "again");
        Assert.True((await credits.ReserveAsync("charged", 4, TimeSpan.FromMinutes(5), "ritual again")).Reserved);
        await credits.CommitAsync("charged");
        Assert.True((await credits.ReserveAsync("given-back", 3, TimeSpan.FromMinutes(5), "ritual again")).Reserved);
        await credits.RefundAsync("given-back", "cancelled again");
        await credits.GrantAsync("g2", 2000, "enough for too-big");
        Assert.False((await credits.ReserveAsync("too-big", 1000, TimeSpan.FromMinutes(5), "ritual again")).Reserved);

        var statement = await credits.GetStatementAsync();
        Assert.Equal(new CreditsView(2066, 0), statement.View);
        Assert.Equal([.. before.Ledger.Select(e => e.Id), "g2:grant"], statement.Ledger.Select(e => e.Id));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Entries_copied_before_a_deactivation_are_not_copied_or_applied_again()
    {
        var user = Users.New("copied");
        var credits = CreditsOf(user);
        // The grant is in the table and, until the grain's next write, in its stored state as well.
        await credits.GrantAsync("g", 10, "test");
        Assert.Equal(1, await Stored.LedgerRowsAsync(user));

        await Deactivation.DeactivateAsync(Grains, credits);
        await credits.GrantAsync("g", 10, "again");

        var statement = await credits.GetStatementAsync();
        Assert.Equal(10, statement.Balance);
        Assert.Equal(["g:grant"], statement.Ledger.Select(e => e.Id));
        Assert.Equal(1, await Stored.LedgerRowsAsync(user));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_page_is_the_newest_entries_before_its_position_oldest_first()
    {
        var credits = CreditsOf(Users.New("pages"));
        await credits.GrantAsync("g", 100, "test");
        await ChargeAsync(credits, 0, 4);
        // A refusal is kept for its retry, but it is no entry of the ledger the user sees.
        Assert.False((await credits.ReserveAsync("refused", 1000, TimeSpan.FromMinutes(1), "ritual")).Reserved);
        var all = (await credits.GetStatementAsync()).Ledger.Select(e => e.Id).ToArray();
        Assert.Equal(9, all.Length);

        var newest = await credits.GetLedgerPageAsync(null, 4);
        Assert.Equal(all[5..], newest.Entries.Select(e => e.Id));
        Assert.Equal(new CreditsView(96, 0), new CreditsView(newest.Balance, newest.Reserved));
        var middle = await credits.GetLedgerPageAsync(newest.OlderBefore, 4);
        Assert.Equal(all[1..5], middle.Entries.Select(e => e.Id));
        var oldest = await credits.GetLedgerPageAsync(middle.OlderBefore, 4);
        Assert.Equal(all[..1], oldest.Entries.Select(e => e.Id));
        Assert.Null(oldest.OlderBefore);

        var whole = await credits.GetLedgerPageAsync(null, 50);
        Assert.Equal(all, whole.Entries.Select(e => e.Id));
        Assert.Null(whole.OlderBefore);
        Assert.Empty((await credits.GetLedgerPageAsync(1, 50)).Entries);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_reservation_check_tells_open_committed_refunded_expired_refused_and_unknown_apart()
    {
        var credits = CreditsOf(Users.New("check"));
        await credits.GrantAsync("g", 100, "test");
        await credits.ReserveAsync("open", 1, TimeSpan.FromMinutes(5), "ritual");
        await credits.ReserveAsync("charged", 2, TimeSpan.FromMinutes(5), "ritual");
        await credits.CommitAsync("charged");
        await credits.ReserveAsync("given-back", 3, TimeSpan.FromMinutes(5), "ritual");
        await credits.RefundAsync("given-back", "cancelled");
        await credits.ReserveAsync("lapsed", 1, TimeSpan.FromSeconds(1), "ritual");
        await credits.ReserveAsync("refused", 1000, TimeSpan.FromMinutes(5), "ritual");
        await Until.TrueAsync(async () => (await credits.GetAsync()).Reserved == 1, TimeSpan.FromSeconds(30), "the short reservation expired");

        Assert.Equal(new ReservationCheck(ReservationStanding.Open, 97, 1), await credits.CheckReservationAsync("open"));
        await AssertStandingsAsync();
        // The same answers once nothing but the table remembers the settled ones.
        await ChargeAsync(credits, 0, 40);
        await Deactivation.DeactivateAsync(Grains, credits);
        Assert.Equal(new ReservationCheck(ReservationStanding.Open, 57, 1), await credits.CheckReservationAsync("open"));
        await AssertStandingsAsync();

        async Task AssertStandingsAsync()
        {
            Assert.Equal(ReservationStanding.Committed, (await credits.CheckReservationAsync("charged")).Standing);
            Assert.Equal(ReservationStanding.Refunded, (await credits.CheckReservationAsync("given-back")).Standing);
            Assert.Equal(ReservationStanding.Refunded, (await credits.CheckReservationAsync("lapsed")).Standing);
            Assert.Equal(ReservationStanding.Refused, (await credits.CheckReservationAsync("refused")).Standing);
            Assert.Equal(ReservationStanding.Unknown, (await credits.CheckReservationAsync("never-made")).Standing);
        }
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task An_expired_reservation_is_answered_refunded_by_the_check_that_finds_it_due()
    {
        var credits = CreditsOf(Users.New("due"));
        await credits.GrantAsync("g", 10, "test");
        await credits.ReserveAsync("r", 4, TimeSpan.FromMilliseconds(1), "ritual");

        // Whether the timer or the check itself settles it, the check never calls an expired reservation open.
        var check = await credits.CheckReservationAsync("r");
        Assert.Equal(new ReservationCheck(ReservationStanding.Refunded, 10, 0), check);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_state_written_before_the_ledger_table_keeps_its_balance_its_entries_and_its_idempotency()
    {
        var user = Users.New("old-shape");
        var credits = CreditsOf(user);
        var at = DateTimeOffset.UtcNow;
        // The shape such a state had: the whole ledger in field 3, nothing counted, settled reservations kept forever.
        var old = new CreditState
        {
            Balance = 6,
            Unflushed =
            [
                new LedgerEntry("g:grant", "grant", 10, at, "test"),
                new LedgerEntry("r:reserve", "reserve", -4, at, "ritual"),
                new LedgerEntry("r:commit", "commit", 0, at, "charged 4 for ritual"),
            ],
            Reservations =
            {
                ["r"] = new Reservation(4, at, ReservationStatus.Committed, "ritual"),
                ["big"] = new Reservation(50, at, ReservationStatus.Rejected, "ritual"),
            },
        };
        var storage = ((InProcessSiloHandle)fixture.Cluster.Primary!).SiloHost.Services.GetRequiredKeyedService<IGrainStorage>("waqup");
        await storage.WriteStateAsync("credits", credits.GetGrainId(), new GrainState<CreditState>(old));

        Assert.Equal(new CreditsView(6, 0), await credits.GrantAsync("g", 10, "again"));
        Assert.Equal(ReservationStanding.Committed, (await credits.CheckReservationAsync("r")).Standing);
        await credits.CommitAsync("r");
        await credits.GrantAsync("top-up", 50, "test");
        Assert.False((await credits.ReserveAsync("big", 50, TimeSpan.FromMinutes(1), "ritual again")).Reserved);

        var statement = await credits.GetStatementAsync();
        Assert.Equal(["g:grant", "r:reserve", "r:commit", "top-up:grant"], statement.Ledger.Select(e => e.Id));
        Assert.Equal(new CreditsView(56, 0), statement.View);
        Assert.Equal(5, await Stored.LedgerRowsAsync(user));
    }

    /// <summary>Reserves and commits one credit <paramref name="count"/> times, numbering the operations from <paramref name="first"/>.</summary>
    private static async Task ChargeAsync(ICreditGrain credits, int first, int count)
    {
        for (var i = first; i < first + count; i++)
        {
            Assert.True((await credits.ReserveAsync($"r{i}", 1, TimeSpan.FromMinutes(5), "ritual")).Reserved);
            await credits.CommitAsync($"r{i}");
        }
    }
}
