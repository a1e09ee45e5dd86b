using WaQup.Abstractions.Grains;
using WaQup.Abstractions.Protocol;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Grains;

/// <summary>PROTOCOL.md v1.1: a ritual whose <c>audio.done</c> was sent has been delivered, and is saved and charged.</summary>
public sealed class LateCancelTests(HeldSaveClusterFixture fixture) : IClassFixture<HeldSaveClusterFixture>
{
    private IGrainFactory Grains => fixture.Cluster.GrainFactory;

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_cancel_just_after_audio_done_is_too_late_and_the_ritual_is_saved_and_charged()
    {
        var user = $"late{Guid.NewGuid():N}";
        var driver = await SessionDriver.ListeningAsync(Grains, user);
        await driver.RequestRitualAsync("affirmation", "a calm start to the week", 1);
        await driver.WaitForAsync<AudioDoneEvent>();
        // The save is held: the cancel lands while the ritual is being saved, before it is charged.
        await Until.TrueAsync(() => fixture.Saves.Waiting > 0, TimeSpan.FromSeconds(30), "the ritual's save has begun");

        var refused = await driver.Session.CancelAsync(driver.Connection);
        fixture.Saves.Release();
        var created = await driver.WaitForAsync<RitualCreatedEvent>();
        await driver.StateAsync("listening");

        Assert.Equal(ErrorCodes.InvalidState, refused?.Code);
        Assert.Contains("too late", refused!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(driver.Items, i => i.Event is ResponseCancelledEvent);
        var statement = await Grains.GetGrain<ICreditGrain>(user).GetStatementAsync();
        Assert.Equal(["grant", "reserve", "commit"], statement.Ledger.Select(e => e.Kind));
        Assert.Equal(10 - created.CreditsCharged, statement.Balance);
        Assert.Equal([created.RitualId], (await Grains.GetGrain<IUserGrain>(user).GetLibraryAsync()).Select(r => r.RitualId));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_session_ended_just_after_audio_done_still_saves_and_charges_its_ritual()
    {
        var user = $"late{Guid.NewGuid():N}";
        var driver = await SessionDriver.ListeningAsync(Grains, user);
        await driver.RequestRitualAsync("meditation", "sleeping well tonight", 1);
        await driver.WaitForAsync<AudioDoneEvent>();
        await Until.TrueAsync(() => fixture.Saves.Waiting > 0, TimeSpan.FromSeconds(30), "the ritual's save has begun");

        await driver.Session.EndAsync(driver.Connection);
        fixture.Saves.Release();
        var library = Grains.GetGrain<IUserGrain>(user);
        await Until.TrueAsync(async () => (await library.GetLibraryAsync()).Count == 1, TimeSpan.FromSeconds(60), "the ritual is in the library");

        var credits = Grains.GetGrain<ICreditGrain>(user);
        await Until.TrueAsync(async () => (await credits.GetStatementAsync()).Ledger.Any(e => e.Kind == "commit"), TimeSpan.FromSeconds(60), "the ritual is charged");
        var statement = await credits.GetStatementAsync();
        Assert.Equal(["grant", "reserve", "commit"], statement.Ledger.Select(e => e.Kind));
        Assert.Equal(0, statement.Reserved);
        Assert.True(statement.Balance < 10);
        Assert.DoesNotContain(driver.Items, i => i.Event is ResponseCancelledEvent);
    }
    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Crisis_words_while_a_ritual_heard_in_full_is_saved_get_help_at_once_as_text_and_the_save_is_still_announced()
    {
        var user = $"late{Guid.NewGuid():N}";
        var driver = await SessionDriver.ListeningAsync(Grains, user);
        await driver.RequestRitualAsync("meditation", "sleeping well tonight", 1);
        var done = await driver.WaitForAsync<AudioDoneEvent>();
        await Until.TrueAsync(() => fixture.Saves.Waiting > 0, TimeSpan.FromSeconds(30), "the ritual's save has begun");

        var refused = await driver.Session.UserTextAsync(driver.Connection, "I keep thinking about killing myself");
        var help = await driver.WaitForAsync<AssistantTextDoneEvent>(e => e.Text.Contains("alone", StringComparison.Ordinal));
        fixture.Saves.Release();
        var created = await driver.WaitForAsync<RitualCreatedEvent>();
        await driver.StateAsync("listening");

        Assert.Null(refused);
        Assert.NotEqual(done.ResponseId, help.ResponseId);
        Assert.DoesNotContain(driver.Items, i => i.Event is ResponseCancelledEvent);
        // The help came as text only, while the save was held: no audio of a reply took the ritual's place.
        var helpAt = driver.Items.FindIndex(i => i.Event is AssistantTextDoneEvent t && t.ResponseId == help.ResponseId);
        var createdAt = driver.Items.FindIndex(i => i.Event is RitualCreatedEvent);
        Assert.True(helpAt < createdAt, "the help came before the save finished");
        Assert.DoesNotContain(driver.Items, i => i.Event is AudioStartEvent a && a.ResponseId == help.ResponseId);
        Assert.Equal([created.RitualId], (await Grains.GetGrain<IUserGrain>(user).GetLibraryAsync()).Select(r => r.RitualId));
    }
}
