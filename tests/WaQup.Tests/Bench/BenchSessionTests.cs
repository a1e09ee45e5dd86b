using WaQup.Bench;
using WaQup.Load;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Bench;

/// <summary>The benchmark client against the whole system in this process: what it measures is what happened.</summary>
public sealed class BenchSessionTests
{
    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_turn_and_a_cancel_are_timed_and_nothing_of_the_cancelled_answer_follows()
    {
        await using var server = await WaQupServer.StartAsync();
        var stats = new BenchStats();
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var session = await ListeningSessionAsync(server, stats, cancellationToken);
        var greeted = session.AudioDone;
        await session.StartTurnAsync("{\"type\":\"user.text\",\"text\":\"an affirmation set for sleeping well, one minute\"}", cancellationToken);
        await session.WaitAsync(s => s.AudioDone > greeted && s.State == "confirming", "the quote", cancellationToken);
        var frames = session.FramesReceived;
        Assert.Equal(1, stats.TurnMs.Count);
        // The ritual itself is cancelled: at the test's pace it streams for seconds, so the cancel always finds it
        // speaking (a short reply may be produced whole before the cancel arrives, and then there is nothing to cancel).
        await session.StartTurnAsync("{\"type\":\"user.confirm\",\"accept\":true}", cancellationToken);
        await session.WaitAsync(s => s.FramesReceived >= frames + 3, "three frames of the ritual", cancellationToken);
        await session.CancelAsync(cancellationToken);
        await session.WaitAsync(s => s.Cancelled == 1, "response.cancelled", cancellationToken);
        // Whatever was still on its way must not be a frame of the cancelled answer (the client counts any such frame
        // as an error). Ending the session drains everything it still had to say before the server closes the socket
        // (which ends any wait of this client): what came before the close is all there is.
        await session.SendAsync("{\"type\":\"session.end\"}", cancellationToken);
        var closed = await Assert.ThrowsAsync<InvalidOperationException>(() => session.WaitAsync(_ => false, "the close after session.end", cancellationToken));
        Assert.Contains("the server closed the socket", closed.Message);

        Assert.Equal(1, stats.ConnectMs.Count);
        Assert.Equal(2, stats.TurnMs.Count);
        Assert.Equal(1, stats.CancelMs.Count);
        Assert.True(stats.CancelMs.Max > 0);
        Assert.Empty(stats.Errors);
        Assert.True(stats.Frames > frames);
    }

    /// <summary>Bounded, so a wait that is never failed ends the test as a failure instead of hanging the run.</summary>
    [Theory(Timeout = TestTimeouts.Default)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_error_event_fails_the_wait_instead_of_hanging_it_even_when_it_comes_back_first(bool errorBeforeWait)
    {
        await using var server = await WaQupServer.StartAsync();
        var stats = new BenchStats();
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var session = await ListeningSessionAsync(server, stats, cancellationToken);

        // Nothing to confirm: invalid_state. (A cancel would not do: right after the greeting it still cuts the greeting being heard.)
        await session.SendAsync("{\"type\":\"user.confirm\",\"accept\":true}", cancellationToken);
        if (errorBeforeWait)
        {
            await Until.TrueAsync(() => session.LastError is not null, TimeSpan.FromSeconds(30), "the confirm's error came back");
        }

        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(TimeSpan.FromSeconds(10));
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => session.WaitAsync(_ => false, "nothing", bound.Token));

        Assert.Contains("invalid_state", failure.Message);
        Assert.Equal(1, stats.Errors["invalid_state"]);
    }

    private static async Task<BenchSession> ListeningSessionAsync(WaQupServer server, BenchStats stats, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = server.BaseUri };
        var session = new BenchSession(server.BaseUri, stats);
        await session.ConnectAsync(await new DevTokens(http).NewUserAsync(cancellationToken), untilListening: true, cancellationToken);
        return session;
    }
}
