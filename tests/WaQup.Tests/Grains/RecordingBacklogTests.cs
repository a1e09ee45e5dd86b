using System.Diagnostics;
using WaQup.Abstractions.Grains;
using WaQup.Abstractions.Protocol;
using WaQup.Grains.Configuration;
using WaQup.Providers.Audio;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Grains;

/// <summary>A ritual whose library copy falls behind slows its audio to real time, and no further.</summary>
public sealed class RecordingBacklogTests(StalledEncoderClusterFixture fixture) : IClassFixture<StalledEncoderClusterFixture>
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(2.5);

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Audio_waits_for_a_stalled_encoder_down_to_real_time_and_the_ritual_can_still_be_cancelled()
    {
        var user = $"u-{Guid.NewGuid():N}";
        var driver = await SessionDriver.ListeningAsync(fixture.Cluster.GrainFactory, user);
        await driver.RequestRitualAsync("meditation", "a quiet evening", 5);
        var ritualStart = await driver.WaitForAsync<AudioStartEvent>();

        // The ritual's audio in the window after it started: at 8 times real time it would be 20 s.
        var started = Stopwatch.StartNew();
        var frames = driver.Items.SkipWhile(i => !ReferenceEquals(i.Event, ritualStart)).Count(i => i.Audio is not null);
        var cursor = driver.Items[^1].Index;
        while (started.Elapsed < Window)
        {
            var batch = await driver.Session.PollAsync(driver.Connection, cursor, 0, CancellationToken.None);
            frames += batch.Items.Count(i => i.Audio is not null);
            cursor = batch.Items.Count > 0 ? batch.Items[^1].Index : cursor;
        }

        var audioMs = frames * AudioFormat.FrameMs;
        var lead = new ConversationOptions().LeadMs;
        // Real time plus the lead, plus the backlog let through before the wait began, plus a little for the poll.
        var realTimeMs = started.Elapsed.TotalMilliseconds + lead + StalledEncoderClusterFixture.RecordingBacklogMs + 500;
        Assert.True(audioMs <= realTimeMs, $"{audioMs} ms of audio in {started.Elapsed.TotalMilliseconds:F0} ms: it did not wait for the encoder");
        // ...and it did not stop: audio still goes out at real time however far the encoder is behind.
        Assert.True(audioMs >= Window.TotalMilliseconds * 0.3, $"only {audioMs} ms of audio in {started.Elapsed.TotalMilliseconds:F0} ms: the audio stalled");

        Assert.Null(await driver.Session.CancelAsync(driver.Connection));
        await driver.WaitForAsync<ResponseCancelledEvent>();
        await driver.StateAsync("listening");
        var statement = await fixture.Cluster.GrainFactory.GetGrain<ICreditGrain>(user).GetStatementAsync();
        Assert.Equal(["grant", "reserve", "refund"], statement.Ledger.Select(e => e.Kind));
    }
}
