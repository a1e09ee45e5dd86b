using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Serialization;
using WaQup.Abstractions.Protocol;
using WaQup.Grains.Sessions;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Grains;

/// <summary>
/// A conversational turn's change reaches the database within <c>Conversation:TurnWriteDelay</c>, in one write with
/// the turns taken meanwhile; what the session stored is read from its row, as the next activation would read it.
/// </summary>
public sealed class TurnWriteTests(SlowTurnWriteClusterFixture fixture) : IClassFixture<SlowTurnWriteClusterFixture>
{
    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Turns_taken_within_the_delay_share_one_write_that_carries_the_last()
    {
        var user = $"u-{Guid.NewGuid():N}";
        var driver = await SessionDriver.ListeningAsync(fixture.Cluster.GrainFactory, user);
        var before = await StoredAsync(user, s => s.Record.State == SessionState.Listening, "the greeting's move to listening was written");

        var started = DateTime.UtcNow;
        Assert.Null(await driver.Session.UserTextAsync(driver.Connection, "an affirmation set for courage, two minutes"));
        await driver.StateAsync("confirming");
        Assert.Null(await driver.Session.UserTextAsync(driver.Connection, "no"));
        await driver.StateAsync("listening");
        Assert.Null(await driver.Session.UserTextAsync(driver.Connection, "a meditation for sleep, five minutes"));
        await driver.WaitForAsync<StateChangedEvent>(e => e.State == "confirming" && driver.States.Count(s => s == "confirming") == 2);
        var unwritten = await StoredAsync(user, _ => true, "the session's row");
        var elapsed = DateTime.UtcNow - started;

        // Read before the delay ran out (else this proves nothing): not one of the three turns is on disk yet.
        Assert.True(elapsed < SlowTurnWriteClusterFixture.Delay, $"three turns took {elapsed.TotalSeconds:F1} s, longer than the delay");
        Assert.Equal(before.Version, unwritten.Version);
        Assert.Equal(SessionState.Listening, unwritten.Record.State);
        Assert.Null(unwritten.Record.Quote);

        var written = await StoredAsync(user, s => s.Version > before.Version, "the turns were written once the delay ran out", TimeSpan.FromSeconds(30));
        Assert.Equal(before.Version + 1, written.Version);
        Assert.Equal(SessionState.Confirming, written.Record.State);
        Assert.Equal("meditation", written.Record.Quote?.Kind);
        Assert.Equal(5, written.Record.Quote?.DurationMinutes);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_turn_waiting_for_its_write_is_written_when_the_session_deactivates()
    {
        var user = $"u-{Guid.NewGuid():N}";
        var driver = await SessionDriver.ListeningAsync(fixture.Cluster.GrainFactory, user);
        var before = await StoredAsync(user, s => s.Record.State == SessionState.Listening, "the greeting's move to listening was written");
        Assert.Null(await driver.Session.UserTextAsync(driver.Connection, "a guided meditation for calm, three minutes"));
        await driver.StateAsync("confirming");

        // A silo shutting down deactivates its sessions the same way.
        await fixture.Cluster.GrainFactory.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        var written = await StoredAsync(user, s => s.Version > before.Version, "the waiting turn was written as the session deactivated", SlowTurnWriteClusterFixture.Delay / 2);
        Assert.Equal(SessionState.Confirming, written.Record.State);
        Assert.Equal("meditation", written.Record.Quote?.Kind);
    }

    private async Task<Stored> StoredAsync(string user, Func<Stored, bool> until, string what, TimeSpan? within = null)
    {
        Stored? found = null;
        await Until.TrueAsync(async () => (found = await ReadAsync(user)) is { } stored && until(stored), within ?? TimeSpan.FromSeconds(10), what);
        return found!;
    }

    /// <summary>The session record of <paramref name="user"/>'s one session, as stored.</summary>
    private async Task<Stored?> ReadAsync(string user)
    {
        var serializer = fixture.Cluster.Client.ServiceProvider.GetRequiredService<Serializer>();
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var query = new NpgsqlCommand("SELECT payloadbinary, version FROM orleansstorage WHERE graintypestring = 'session' AND payloadbinary IS NOT NULL", connection);
        await using var reader = await query.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            var record = serializer.Deserialize<SessionRecord>((byte[])reader[0]);
            if (record?.UserId == user)
            {
                return new Stored(record!, reader.GetInt32(1));
            }
        }

        return null;
    }

    private sealed record Stored(SessionRecord Record, int Version);
}
