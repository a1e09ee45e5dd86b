using System.Diagnostics;
using WaQup.Abstractions.Grains;
using WaQup.Abstractions.Protocol;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Grains;

/// <summary>A ritual's reservation is a lease that its production renews: it holds however slowly the ritual is made.</summary>
public sealed class ReservationLeaseTests(SlowProductionClusterFixture fixture) : IClassFixture<SlowProductionClusterFixture>
{
    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_ritual_made_slower_than_its_lease_is_saved_and_charged_once()
    {
        var user = $"u-{Guid.NewGuid():N}";
        var driver = await SessionDriver.ListeningAsync(fixture.Cluster.GrainFactory, user);
        var asked = Stopwatch.StartNew();
        await driver.RequestRitualAsync("affirmation", "a calm morning", 1);

        var outcome = await driver.WaitForAsync<ServerEvent>(e => e is RitualCreatedEvent or ErrorEvent, seconds: 100);
        var created = Assert.IsType<RitualCreatedEvent>(outcome);

        // Without renewals the reservation would have run out after one lease, long before the ritual was saved.
        Assert.True(asked.Elapsed > SlowProductionClusterFixture.Lease * 2, $"the ritual took only {asked.Elapsed.TotalSeconds:F1} s: it proves nothing about the lease");
        Assert.DoesNotContain(driver.Items, i => i.Event is ErrorEvent or ResponseCancelledEvent);
        var statement = await fixture.Cluster.GrainFactory.GetGrain<ICreditGrain>(user).GetStatementAsync();
        Assert.Equal(["grant", "reserve", "commit"], statement.Ledger.Select(e => e.Kind));
        Assert.Equal(0, statement.Reserved);
        Assert.Equal(created.CreditsCharged, statement.Ledger.Single(e => e.Kind == "grant").Amount - statement.Balance);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_reservation_nobody_renews_refunds_itself_within_its_lease()
    {
        // What a production's silo leaves behind when it dies: a reservation, and no renewals.
        var credits = fixture.Cluster.GrainFactory.GetGrain<ICreditGrain>($"u-{Guid.NewGuid():N}");
        await credits.GrantAsync("welcome", 10, "welcome");
        Assert.True((await credits.ReserveAsync("orphan", 3, SlowProductionClusterFixture.Lease, "a ritual on a dead silo")).Reserved);

        await Until.TrueAsync(async () => (await credits.GetStatementAsync()).Reserved == 0, TimeSpan.FromSeconds(30), "the reservation nobody renews is refunded");

        var statement = await credits.GetStatementAsync();
        Assert.Equal(["grant", "reserve", "refund"], statement.Ledger.Select(e => e.Kind));
        Assert.Equal(10, statement.Balance);
    }
}
