using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using WaQup.Grains.Configuration;
using WaQup.Grains.Memory;
using WaQup.Grains.Sessions;

namespace WaQup.Tests.Memory;

/// <summary>When a silo gives memory back: only after it has gone quiet, only when it is worth a pause, and not often.</summary>
public sealed class QuietMemoryReturnTests
{
    private const long Mb = 1 << 20;
    private static readonly MemoryOptions Settings = new()
    {
        QuietFor = TimeSpan.FromSeconds(20),
        MinReclaimBytes = 64 * Mb,
        MinReclaimShare = 0.2,
        MinCompactionInterval = TimeSpan.FromMinutes(5),
    };

    private readonly FakeTimeProvider _clock = new();
    private readonly FramePool _frames = new();
    private int _compactions;

    private QuietMemoryReturn Service(HeapFigures heap, MemoryOptions? settings = null) =>
        new(_frames, Options.Create(settings ?? Settings), _clock, NullLogger<QuietMemoryReturn>.Instance)
        {
            ReadHeap = () => heap,
            Compact = () => _compactions++,
        };

    private void Speak(int frames)
    {
        var rented = Enumerable.Range(0, frames).Select(_ => _frames.Rent()).ToArray();
        foreach (var frame in rented)
        {
            _frames.Return(frame);
        }
    }

    /// <summary>Ticks every ten seconds for <paramref name="seconds"/>; returns how many ticks compacted.</summary>
    private int Run(QuietMemoryReturn service, int seconds)
    {
        var compacted = 0;
        for (var elapsed = 0; elapsed < seconds; elapsed += 10)
        {
            _clock.Advance(TimeSpan.FromSeconds(10));
            compacted += service.Tick() ? 1 : 0;
        }

        return compacted;
    }

    [Fact]
    public void A_silo_that_is_speaking_is_never_paused()
    {
        var service = Service(new HeapFigures(CommittedBytes: 900 * Mb, InUseBytes: 300 * Mb));
        for (var round = 0; round < 30; round++)
        {
            Speak(5);
            Assert.Equal(0, Run(service, 10));
        }

        Assert.Equal(0, _compactions);
    }

    [Fact]
    public void After_a_burst_it_compacts_once_when_quiet_and_not_again_before_the_interval()
    {
        var service = Service(new HeapFigures(CommittedBytes: 900 * Mb, InUseBytes: 300 * Mb));
        Speak(50);
        Assert.Equal(0, Run(service, 10));
        // Quiet from here: the first tick that is twenty seconds past the last speech compacts.
        Assert.Equal(0, Run(service, 10));
        Assert.Equal(1, Run(service, 10));
        Assert.Equal(0, Run(service, 290));
        Assert.Equal(1, Run(service, 10));
    }

    [Theory]
    [InlineData(300, 260)] // 40 MB reclaimable: under the floor
    [InlineData(1200, 1000)] // 200 MB, but under a fifth of what is committed
    public void Nothing_is_compacted_when_too_little_would_come_back(long committedMb, long inUseMb)
    {
        var service = Service(new HeapFigures(committedMb * Mb, inUseMb * Mb));
        Assert.Equal(0, Run(service, 600));
    }

    [Fact]
    public void Frames_trimmed_from_the_pool_count_as_reclaimable_and_can_tip_the_balance()
    {
        // 40 MB beyond what is in use, short of the floor on its own; 20,000 trimmed frames (39 MB) more make it.
        var service = Service(new HeapFigures(CommittedBytes: 300 * Mb, InUseBytes: 260 * Mb));
        Speak(20_000);
        Assert.Equal(0, Run(service, 10));
        Assert.Equal(20_000, _frames.Retained);
        Assert.Equal(1, Run(service, 30));
        Assert.Equal(0, _frames.Retained);
    }

    [Fact]
    public void It_can_be_turned_off()
    {
        var service = Service(new HeapFigures(CommittedBytes: 900 * Mb, InUseBytes: 300 * Mb), new MemoryOptions { CompactWhenQuiet = false });
        Speak(50);
        Assert.Equal(0, Run(service, 600));
        Assert.Equal(0, _frames.Retained);
    }
}
