using WaQup.Abstractions.Grains;
using WaQup.Abstractions.Protocol;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Grains;

/// <summary>The session grain's state machine on a TestingHost cluster with its state in PostgreSQL.</summary>
public sealed class SessionGrainTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    private IGrainFactory Grains => fixture.Cluster.GrainFactory;

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_ritual_asked_for_in_two_utterances_goes_through_every_state_and_is_charged_once()
    {
        var user = $"u-{Guid.NewGuid():N}";
        var driver = await SessionDriver.StartAsync(Grains, user);
        Assert.Equal("greeting", driver.Ready.State);
        await driver.StateAsync("listening");

        Assert.Null(await driver.Session.UserTextAsync(driver.Connection, "I'd like some affirmations"));
        await driver.StateAsync("clarifying");
        Assert.Null(await driver.Session.UserTextAsync(driver.Connection, "for feeling calm at work, two minutes"));
        await driver.StateAsync("confirming");
        Assert.Null(await driver.Session.UserTextAsync(driver.Connection, "yes"));
        var created = await driver.WaitForAsync<RitualCreatedEvent>();
        await driver.StateAsync("listening");

        Assert.Equal(["listening", "clarifying", "confirming", "generating", "speaking", "reviewing", "listening"], driver.States);
        Assert.Equal("affirmation", created.Kind);
        var statement = await Grains.GetGrain<ICreditGrain>(user).GetStatementAsync();
        Assert.Equal(10 - created.CreditsCharged, statement.Balance);
        Assert.Equal(["grant", "reserve", "commit"], statement.Ledger.Select(e => e.Kind));
        var ritual = await Grains.GetGrain<IRitualGrain>(created.RitualId).GetAsync(user);
        Assert.Equal(RitualAccess.Allowed, ritual.Access);
        Assert.Contains("calm", ritual.Ritual!.Script, StringComparison.OrdinalIgnoreCase);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Saying_no_to_the_quote_returns_to_listening_and_charges_nothing()
    {
        var user = $"u-{Guid.NewGuid():N}";
        var driver = await QuotedAsync(user, "a five minute meditation for sleep");
        Assert.Null(await driver.Session.UserTextAsync(driver.Connection, "no thanks"));
        await driver.StateAsync("listening");

        var statement = await Grains.GetGrain<ICreditGrain>(user).GetStatementAsync();
        Assert.Equal(["grant"], statement.Ledger.Select(e => e.Kind));
        var outOfOrder = await driver.Session.ConfirmAsync(driver.Connection, true);
        Assert.Equal(ErrorCodes.InvalidState, outOfOrder!.Code);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task The_state_is_persisted_at_every_transition_and_survives_a_new_activation()
    {
        var user = $"u-{Guid.NewGuid():N}";
        var driver = await QuotedAsync(user, "a ritual for my mornings, three minutes");

        var fresh = await ResumeAfterRestartAsync(driver, user, lastAudioSeq: 0);
        Assert.Equal("confirming", fresh.Ready.State);
        Assert.Null(await fresh.Session.UserTextAsync(fresh.Connection, "yes"));
        var created = await fresh.WaitForAsync<RitualCreatedEvent>();
        Assert.Equal("ritual", created.Kind);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task After_a_restart_sequence_numbers_go_on_above_every_number_handed_out_before_it()
    {
        var user = $"u-{Guid.NewGuid():N}";
        // Three minutes is about 4,500 frames: more than one block of numbers, so blocks were reserved ahead.
        var driver = await QuotedAsync(user, "a three minute meditation for sleep");
        Assert.Null(await driver.Session.UserTextAsync(driver.Connection, "yes"));
        await driver.WaitForAsync<RitualCreatedEvent>(seconds: 120);
        var before = driver.Items.Where(i => i.Audio is not null).Select(i => i.Seq).ToList();
        Assert.True(before.Count > 4_096, $"only {before.Count} frames");

        var fresh = await ResumeAfterRestartAsync(driver, user, before.Max());
        Assert.Null(await fresh.Session.UserTextAsync(fresh.Connection, "a one minute affirmation set for courage"));
        await fresh.WaitForAsync<AudioDoneEvent>();

        var after = fresh.Items.Where(i => i.Audio is not null).Select(i => i.Seq).ToList();
        Assert.NotEmpty(after);
        Assert.True(after.Min() > before.Max(), $"{after.Min()} after {before.Max()}");
    }

    /// <summary>A new session that has heard the greeting, asked for <paramref name="request"/> and been quoted.</summary>
    private async Task<SessionDriver> QuotedAsync(string user, string request)
    {
        var driver = await SessionDriver.StartAsync(Grains, user);
        await driver.StateAsync("listening");
        Assert.Null(await driver.Session.UserTextAsync(driver.Connection, request));
        await driver.StateAsync("confirming");
        return driver;
    }

    /// <summary>Restarts the silo, then resumes <paramref name="driver"/>'s session with its token.</summary>
    private async Task<SessionDriver> ResumeAfterRestartAsync(SessionDriver driver, string user, uint lastAudioSeq)
    {
        await fixture.Cluster.RestartSiloAsync(fixture.Cluster.Primary!);
        await fixture.Cluster.WaitForLivenessToStabilizeAsync();
        var resumed = await Grains.GetGrain<ISessionGrain>(driver.Ready.SessionId)
            .StartAsync(new SessionStartRequest(user, driver.Ready.ResumeToken, lastAudioSeq, null));
        Assert.Null(resumed.Error);
        return new SessionDriver(driver.Session, resumed);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_connection_that_reported_its_end_gets_nothing_more_and_the_next_one_gets_what_it_never_sent()
    {
        var user = $"u-{Guid.NewGuid():N}";
        var driver = await SessionDriver.StartAsync(Grains, user);
        await driver.StateAsync("listening");
        Assert.Null(await driver.Session.UserTextAsync(driver.Connection, "I'd like some affirmations"));
        var lastSent = driver.Items[^1].Index;

        // The socket died having written everything up to lastSent; a poll that set out before that was reported
        // must not take what comes next, or it would be lost with the socket.
        await driver.Session.DisconnectedAsync(driver.Connection, lastSent);
        var late = await driver.Session.PollAsync(driver.Connection, lastSent, 0, CancellationToken.None);
        Assert.Empty(late.Items);
        Assert.Null(late.Close);

        var resumed = await driver.Session.StartAsync(new SessionStartRequest(user, driver.Ready.ResumeToken, 0, null));
        Assert.Null(resumed.Error);
        Assert.Contains(resumed.Replay, item => item.Event is StateChangedEvent { State: "clarifying" });
        Assert.All(resumed.Replay, item => Assert.True(item.Index > lastSent || item.Audio is not null, $"entry {item.Index} was sent before"));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_replaced_connection_is_refused()
    {
        var user = $"u-{Guid.NewGuid():N}";
        var driver = await SessionDriver.StartAsync(Grains, user);
        var second = await driver.Session.StartAsync(new SessionStartRequest(user, driver.Ready.ResumeToken, 0, null));
        Assert.Null(second.Error);
        var stale = await driver.Session.UserTextAsync(driver.Connection, "hello");
        Assert.True(stale!.Fatal);
        var poll = await driver.Session.PollAsync(driver.Connection, 0, 0, CancellationToken.None);
        Assert.NotNull(poll.Close);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_resume_whose_answer_was_lost_can_be_tried_again_with_the_token_the_client_still_holds()
    {
        var user = $"u-{Guid.NewGuid():N}";
        var driver = await SessionDriver.StartAsync(Grains, user);
        var held = driver.Ready.ResumeToken;
        // The session takes this resume and hands out a new token, but the client never hears of it.
        var lost = await driver.Session.StartAsync(new SessionStartRequest(user, held, 0, null));
        Assert.NotEqual(held, lost.Ready!.ResumeToken);

        var again = await driver.Session.StartAsync(new SessionStartRequest(user, held, 0, null));
        var onceMore = await driver.Session.StartAsync(new SessionStartRequest(user, held, 0, null));
        Assert.Null(again.Error);
        Assert.Equal(held, again.Ready!.ResumeToken);
        Assert.Null(onceMore.Error);

        // Using the newer token moves on: then the one two behind is refused.
        var newest = await driver.Session.StartAsync(new SessionStartRequest(user, lost.Ready.ResumeToken, 0, null));
        Assert.Null(newest.Error);
        var stale = await driver.Session.StartAsync(new SessionStartRequest(user, held, 0, null));
        Assert.Equal(ErrorCodes.ResumeFailed, stale.Error!.Code);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task An_ack_carried_by_a_poll_lets_the_session_forget_those_frames()
    {
        var user = $"u-{Guid.NewGuid():N}";
        var driver = await SessionDriver.StartAsync(Grains, user);
        await driver.WaitForAsync<AudioDoneEvent>();
        var frames = driver.Items.Where(i => i.Audio is not null).Select(i => i.Seq).ToList();
        Assert.True(frames.Count > 2);

        // The poll that carries the ack may wait for news; its wait is cut short, as a socket's end would cut it.
        using (var quiet = new CancellationTokenSource(TimeSpan.FromMilliseconds(300)))
        {
            await driver.Session.PollAsync(driver.Connection, driver.Items[^1].Index, frames[^2], quiet.Token);
        }

        var resumed = await driver.Session.StartAsync(new SessionStartRequest(user, driver.Ready.ResumeToken, 0, null));
        Assert.Equal([frames[^1]], resumed.Replay.Where(i => i.Audio is not null).Select(i => i.Seq));
    }
}
