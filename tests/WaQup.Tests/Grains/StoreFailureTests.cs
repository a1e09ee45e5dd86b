using WaQup.Abstractions.Grains;
using WaQup.Abstractions.Protocol;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Grains;

/// <summary>
/// Failed writes (grain storage, the ledger table, the ritual catalog): the caller sees the error, memory goes back to
/// what storage holds, a retry repairs what was left half done, and money moves exactly once.
/// </summary>
public sealed class StoreFailureTests(FaultyStoresClusterFixture fixture) : IClassFixture<FaultyStoresClusterFixture>
{
    private IGrainFactory Grains => fixture.Cluster.GrainFactory;

    private StoredRows Stored => new(fixture.ConnectionString);

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_credit_change_whose_write_fails_is_not_applied_and_its_retry_applies_it_once()
    {
        var credits = Grains.GetGrain<ICreditGrain>(Users.New("credit-write"));
        await credits.GrantAsync("g", 10, "test");

        FaultyGrainStorage.RefuseWrites(credits.GetGrainId());
        await Assert.ThrowsAnyAsync<Exception>(() => credits.ReserveAsync("r", 4, TimeSpan.FromMinutes(5), "ritual"));
        Assert.Equal(new CreditsView(10, 0), await credits.GetAsync());
        Assert.Equal(ReservationStanding.Unknown, (await credits.CheckReservationAsync("r")).Standing);

        FaultyGrainStorage.RefuseWrites(credits.GetGrainId());
        await Assert.ThrowsAnyAsync<Exception>(() => credits.GrantAsync("g2", 5, "top up"));
        Assert.Equal(new CreditsView(10, 0), await credits.GetAsync());

        Assert.True((await credits.ReserveAsync("r", 4, TimeSpan.FromMinutes(5), "ritual")).Reserved);
        Assert.Equal(new CreditsView(11, 4), await credits.GrantAsync("g2", 5, "top up"));
        var statement = await credits.GetStatementAsync();
        Assert.Equal(["g:grant", "r:reserve", "g2:grant"], statement.Ledger.Select(e => e.Id));
        Assert.Equal(statement.Balance, statement.Ledger.Sum(e => e.Amount));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Entries_the_table_refused_stay_in_the_state_through_a_deactivation_and_land_once()
    {
        var user = Users.New("table-down");
        var credits = Grains.GetGrain<ICreditGrain>(user);
        FaultyCreditLedger.Set(user, LedgerFault.Refused);

        // Applied, though the table could not take the entry: the grain's state holds it.
        Assert.Equal(new CreditsView(10, 0), await credits.GrantAsync("g", 10, "test"));
        Assert.Equal(0, await Stored.LedgerRowsAsync(user));
        await Deactivation.DeactivateAsync(Grains, credits);

        Assert.Equal(new CreditsView(10, 0), await credits.GrantAsync("g", 10, "again"));
        Assert.True((await credits.ReserveAsync("r", 3, TimeSpan.FromMinutes(5), "ritual")).Reserved);
        Assert.Equal(ReservationStanding.Open, (await credits.CheckReservationAsync("r")).Standing);
        await credits.CommitAsync("r");
        Assert.Equal(ReservationStanding.Committed, (await credits.CheckReservationAsync("r")).Standing);
        // A read shows every entry the balance counts, those the table lacks from the grain's state.
        var page = await credits.GetLedgerPageAsync(null, 50);
        Assert.Equal(["g:grant", "r:reserve", "r:commit"], page.Entries.Select(e => e.Id));
        Assert.Equal(new CreditsView(7, 0), new CreditsView(page.Balance, page.Reserved));
        Assert.Equal(["r:reserve", "r:commit"], (await credits.GetLedgerPageAsync(null, 2)).Entries.Select(e => e.Id));
        Assert.Equal(0, await Stored.LedgerRowsAsync(user));

        FaultyCreditLedger.Set(user, LedgerFault.None);
        var mended = await credits.GetLedgerPageAsync(null, 50);
        Assert.Equal(page.Entries, mended.Entries);
        Assert.Equal(7, mended.Balance);
        Assert.Equal(3, await Stored.LedgerRowsAsync(user));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_copy_to_the_table_whose_answer_was_lost_is_not_made_twice()
    {
        var user = Users.New("answer-lost");
        var credits = Grains.GetGrain<ICreditGrain>(user);
        FaultyCreditLedger.Set(user, LedgerFault.AnswerLost);
        await credits.GrantAsync("g", 10, "test");
        await credits.ReserveAsync("r", 4, TimeSpan.FromMinutes(5), "ritual");
        await Deactivation.DeactivateAsync(Grains, credits);
        await credits.CommitAsync("r");

        FaultyCreditLedger.Set(user, LedgerFault.None);
        var statement = await credits.GetStatementAsync();
        Assert.Equal(["g:grant", "r:reserve", "r:commit"], statement.Ledger.Select(e => e.Id));
        Assert.Equal(new CreditsView(6, 0), statement.View);
        Assert.Equal(3, await Stored.LedgerRowsAsync(user));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_ritual_whose_listing_failed_is_listed_by_the_retry()
    {
        var owner = Users.New("listing");
        var ritual = Ritual(owner);
        var grain = Grains.GetGrain<IRitualGrain>(ritual.RitualId);
        FaultyRitualCatalog.FailFirstUpsert(ritual.RitualId);

        await Assert.ThrowsAnyAsync<Exception>(() => grain.CreateAsync(ritual));
        Assert.Equal(RitualAccess.Allowed, (await grain.GetAsync(owner)).Access);
        Assert.Empty(await Grains.GetGrain<IUserGrain>(owner).GetLibraryAsync());

        Assert.Equal(ritual, await grain.CreateAsync(ritual));
        var listed = Assert.Single(await Grains.GetGrain<IUserGrain>(owner).GetLibraryAsync());
        Assert.Equal(ritual.RitualId, listed.RitualId);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_ritual_whose_listing_failed_while_it_was_saved_reaches_the_library_and_is_charged_once()
    {
        var owner = Users.New("saving");
        FaultyRitualCatalog.FailFirstUpsertOf(owner);
        var driver = await SessionDriver.ListeningAsync(Grains, owner);
        await driver.RequestRitualAsync("affirmation", "a steady morning", 1);

        var created = await driver.WaitForAsync<RitualCreatedEvent>();

        var listed = Assert.Single(await Grains.GetGrain<IUserGrain>(owner).GetLibraryAsync());
        Assert.Equal(created.RitualId, listed.RitualId);
        var statement = await Grains.GetGrain<ICreditGrain>(owner).GetStatementAsync();
        Assert.Equal(["grant", "reserve", "commit"], statement.Ledger.Select(e => e.Kind));
        Assert.Equal(10 - created.CreditsCharged, statement.Balance);
        Assert.DoesNotContain(driver.Items, i => i.Event is ErrorEvent);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_delete_whose_catalog_removal_failed_is_finished_by_the_retry()
    {
        var owner = Users.New("unlisting");
        var ritual = Ritual(owner);
        var grain = Grains.GetGrain<IRitualGrain>(ritual.RitualId);
        await grain.CreateAsync(ritual);
        FaultyRitualCatalog.FailFirstDelete(ritual.RitualId);

        await Assert.ThrowsAnyAsync<Exception>(() => grain.DeleteAsync(owner));
        Assert.Equal(RitualAccess.NotFound, (await grain.GetAsync(owner)).Access);
        Assert.Single(await Grains.GetGrain<IUserGrain>(owner).GetLibraryAsync());
        Assert.Equal(RitualAccess.NotFound, await grain.DeleteAsync(Users.New("stranger")));

        Assert.Equal(RitualAccess.Allowed, await grain.DeleteAsync(owner));
        Assert.Empty(await Grains.GetGrain<IUserGrain>(owner).GetLibraryAsync());
        Assert.Equal(RitualAccess.NotFound, await grain.DeleteAsync(owner));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_ritual_whose_write_fails_is_not_there_until_the_retry_saves_it()
    {
        var owner = Users.New("ritual-write");
        var ritual = Ritual(owner);
        var grain = Grains.GetGrain<IRitualGrain>(ritual.RitualId);
        FaultyGrainStorage.RefuseWrites(grain.GetGrainId());

        await Assert.ThrowsAnyAsync<Exception>(() => grain.CreateAsync(ritual));
        Assert.Equal(RitualAccess.NotFound, (await grain.GetAsync(owner)).Access);

        Assert.Equal(ritual, await grain.CreateAsync(ritual));
        Assert.Equal(RitualAccess.Allowed, (await grain.GetAsync(owner)).Access);
        Assert.Single(await Grains.GetGrain<IUserGrain>(owner).GetLibraryAsync());
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Preferences_whose_write_fails_stay_as_they_were()
    {
        var user = Grains.GetGrain<IUserGrain>(Users.New("prefs"));
        var before = await user.GetProfileAsync();

        FaultyGrainStorage.RefuseWrites(user.GetGrainId());
        await Assert.ThrowsAnyAsync<Exception>(() => user.UpdatePreferencesAsync(new PreferencesPatch("rms", null, 9)));
        Assert.Equal(before.Preferences, (await user.GetProfileAsync()).Preferences);

        var after = await user.UpdatePreferencesAsync(new PreferencesPatch("rms", null, 9));
        Assert.Equal(before.Preferences with { Voice = "rms", DefaultDurationMinutes = 9 }, after.Preferences);
        Assert.Equal(after.Preferences, (await user.GetProfileAsync()).Preferences);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_welcome_whose_write_fails_is_retried_and_grants_once()
    {
        var id = Users.New("welcome");
        var user = Grains.GetGrain<IUserGrain>(id);
        FaultyGrainStorage.RefuseWrites(user.GetGrainId());

        await Assert.ThrowsAnyAsync<Exception>(() => user.GetProfileAsync());
        Assert.Null(await Stored.StateBytesAsync(id, "user"));
        // Memory went back to "not welcomed", so the retry welcomes again, and this time the welcome is stored.
        await user.GetProfileAsync();
        Assert.NotNull(await Stored.StateBytesAsync(id, "user"));
        await user.GetProfileAsync();

        var statement = await Grains.GetGrain<ICreditGrain>(id).GetStatementAsync();
        Assert.Equal(["welcome:grant"], statement.Ledger.Select(e => e.Id));
        Assert.Equal(statement.Ledger[0].Amount, statement.Balance);
    }

    private static RitualDetails Ritual(string owner) => new(
        $"rit_{Guid.NewGuid():N}", owner, "affirmation", "Calm mornings", 60_000, DateTimeOffset.UtcNow,
        "I am calm.", "slt", $"rituals/{Guid.NewGuid():N}.ogg", "audio/ogg", IsPublic: false, CreditsCharged: 2);
}
