using WaQup.Grains.Admission;
using WaQup.Grains.Sessions;
using WaQup.Grains.Sessions.Production;

namespace WaQup.Tests.Admission;

/// <summary>The silo's scheduling lag, as its 100 ms heartbeat measures it on a clock the test drives.</summary>
public sealed class SiloLoadSpecs : IDisposable
{
    private static readonly TimeSpan Beat = TimeSpan.FromMilliseconds(100);

    private readonly StallingClock _clock = new();
    private readonly RecordingEncoder _encoder = new(threads: 0);
    private readonly SiloLoad _load;

    public SiloLoadSpecs() => _load = new SiloLoad(_encoder, _clock);

    public void Dispose()
    {
        _load.Dispose();
        _encoder.Dispose();
    }

    [Fact]
    public void Heartbeats_on_time_measure_no_lag()
    {
        for (var i = 0; i < 50; i++)
        {
            _clock.Advance(Beat);
            Assert.Equal(0, _load.SchedulerLagMs);
        }
    }

    [Fact]
    public void A_late_heartbeat_raises_the_lag_by_how_late_it_came()
    {
        _clock.Advance(Beat * 5);

        // Due 100 ms after the last beat, the next one runs 500 ms after it.
        _clock.Stall(Beat * 5);

        Assert.Equal(400, _load.SchedulerLagMs, precision: 6);
    }

    [Fact]
    public void After_one_late_heartbeat_the_lag_fades_over_the_punctual_ones()
    {
        _clock.Stall(Beat * 5);
        var lags = new List<double>();
        for (var i = 0; i < 10; i++)
        {
            _clock.Advance(Beat);
            lags.Add(_load.SchedulerLagMs);
        }

        Assert.Equal(400 * 0.7, lags[0], precision: 6);
        Assert.All(lags.Zip(lags.Skip(1)), pair => Assert.True(pair.Second < pair.First, $"the lag rose from {pair.First} to {pair.Second} ms"));
        Assert.True(lags[^1] < 20, $"a second after one late beat the lag is still {lags[^1]} ms");
    }

    [Fact]
    public void Heartbeats_that_keep_coming_late_keep_the_lag_up()
    {
        for (var i = 0; i < 20; i++)
        {
            _clock.Stall(Beat + TimeSpan.FromMilliseconds(150));
            Assert.Equal(150, _load.SchedulerLagMs, precision: 6);
        }
    }
}
