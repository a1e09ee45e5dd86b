using WaQup.Abstractions.Grains;
using WaQup.Abstractions.Protocol;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Grains;

/// <summary>The charge for a saved ritual fails: retried when the ledger's silo is moving, else the ritual goes too.</summary>
public sealed class CommitFailureTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    private IGrainFactory Grains => fixture.Cluster.GrainFactory;

    /// <summary>A commit refused because the ledger's silo died is retried; one made whose answer was lost is found in the ledger.</summary>
    [Theory(Timeout = TestTimeouts.Default)]
    [InlineData(CommitFaults.Flaky)]
    [InlineData(CommitFaults.Unanswered)]
    public async Task A_charge_that_a_fault_interrupted_is_made_once_and_the_ritual_kept(string fault)
    {
        var user = $"{fault}{Guid.NewGuid():N}";
        var driver = await RequestRitualAsync(user);

        var created = await driver.WaitForAsync<RitualCreatedEvent>();
        await driver.StateAsync("listening");

        Assert.DoesNotContain(driver.Items, i => i.Event is ErrorEvent);
        var statement = await Grains.GetGrain<ICreditGrain>(user).GetStatementAsync();
        Assert.Equal(["grant", "reserve", "commit"], statement.Ledger.Select(e => e.Kind));
        Assert.Equal(10 - created.CreditsCharged, statement.Balance);
        Assert.Equal([created.RitualId], (await Grains.GetGrain<IUserGrain>(user).GetLibraryAsync()).Select(r => r.RitualId));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_charge_that_fails_refunds_and_leaves_no_ritual_in_the_library()
    {
        var user = $"{CommitFaults.Broken}{Guid.NewGuid():N}";
        var driver = await RequestRitualAsync(user);

        var error = await driver.WaitForAsync<ErrorEvent>();
        await driver.StateAsync("listening");

        Assert.Equal(ErrorCodes.ProviderUnavailable, error.Code);
        Assert.DoesNotContain(driver.Items, i => i.Event is RitualCreatedEvent);
        var statement = await Grains.GetGrain<ICreditGrain>(user).GetStatementAsync();
        Assert.Equal(["grant", "reserve", "refund"], statement.Ledger.Select(e => e.Kind));
        Assert.Equal(10, statement.Balance);
        Assert.Empty(await Grains.GetGrain<IUserGrain>(user).GetLibraryAsync());
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_ritual_saved_just_before_its_silo_went_down_is_charged_once_and_announced_on_resume()
    {
        var user = $"{CommitFaults.Lost}{Guid.NewGuid():N}";
        var driver = await RequestRitualAsync(user);
        var library = Grains.GetGrain<IUserGrain>(user);
        await Until.TrueAsync(async () => (await library.GetLibraryAsync()).Count > 0, TimeSpan.FromSeconds(60), "the ritual is saved");

        var credits = Grains.GetGrain<ICreditGrain>(user);
        Assert.Equal(["grant", "reserve"], (await credits.GetStatementAsync()).Ledger.Select(e => e.Kind));

        await fixture.Cluster.RestartSiloAsync(fixture.Cluster.Primary!);
        await fixture.Cluster.WaitForLivenessToStabilizeAsync();
        var resumed = await driver.Session.StartAsync(new SessionStartRequest(user, driver.Ready.ResumeToken, 0, null));
        Assert.Null(resumed.Error);
        Assert.Equal("listening", resumed.Ready!.State);
        var created = Assert.Single(resumed.Replay.Select(i => i.Event).OfType<RitualCreatedEvent>());

        var statement = await credits.GetStatementAsync();
        Assert.Equal(["grant", "reserve", "commit"], statement.Ledger.Select(e => e.Kind));
        Assert.Equal(10 - created.CreditsCharged, statement.Balance);
        Assert.Equal(0, statement.Reserved);
        Assert.Equal([created.RitualId], (await library.GetLibraryAsync()).Select(r => r.RitualId));
    }

    private async Task<SessionDriver> RequestRitualAsync(string user)
    {
        var driver = await SessionDriver.StartAsync(Grains, user);
        await driver.StateAsync("listening");
        Assert.Null(await driver.Session.RitualRequestAsync(driver.Connection, new RitualRequestCommand("affirmation", "patience", 1, null, Confirm: true)));
        return driver;
    }
}
