using WaQup.Abstractions.Grains;
using WaQup.Abstractions.Protocol;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Grains;

/// <summary>A speech provider that breaks down mid-ritual, on a TestingHost cluster with PostgreSQL.</summary>
public sealed class SpeechFailureTests(FailingSpeechClusterFixture fixture) : IClassFixture<FailingSpeechClusterFixture>
{
    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Credits_are_refunded_when_speech_fails_and_the_session_listens_again()
    {
        var user = $"u-{Guid.NewGuid():N}";
        var driver = await SessionDriver.ListeningAsync(fixture.Cluster.GrainFactory, user);
        await driver.RequestRitualAsync("meditation", "letting go", 3);

        var failure = await driver.WaitForAsync<ErrorEvent>();
        Assert.Equal(ErrorCodes.ProviderUnavailable, failure.Code);
        Assert.False(failure.Fatal);
        await driver.StateAsync("listening");
        Assert.Contains(driver.Items, i => i.Audio is not null);
        Assert.DoesNotContain(driver.Items, i => i.Event is RitualCreatedEvent);

        var statement = await fixture.Cluster.GrainFactory.GetGrain<ICreditGrain>(user).GetStatementAsync();
        Assert.Equal(10, statement.Balance);
        Assert.Equal(0, statement.Reserved);
        Assert.Equal(["grant", "reserve", "refund"], statement.Ledger.Select(e => e.Kind));
    }
}
