using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WaQup.Grains.Configuration;
using WaQup.Grains.Sessions;

namespace WaQup.Grains.Memory;

/// <summary>
/// Gives memory back after a burst. A connection storm or a rush of speech leaves pooled frames and a heap with
/// holes between the sessions that stayed, and an idle process never collects again to return them: ten thousand
/// idle sessions were held at the burst's high-water mark. So the frame pool is trimmed every interval, and once the
/// silo has been quiet for a while and enough is reclaimable, one compacting collection returns it to the system.
/// </summary>
public sealed class QuietMemoryReturn(FramePool frames, IOptions<MemoryOptions> options, TimeProvider clock, ILogger<QuietMemoryReturn> logger)
    : BackgroundService
{
    private long _lastRents = frames.Rents;
    private long _lastActivity = clock.GetTimestamp();
    private long? _lastCompaction;
    private long _trimmedBytes;

    /// <summary>What the collector says about the heap; replaced in tests.</summary>
    public Func<HeapFigures> ReadHeap { get; init; } = HeapFigures.Read;

    /// <summary>The compacting collection; replaced in tests.</summary>
    public Action Compact { get; init; } = static () =>
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);

    private MemoryOptions Options => options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Options.TrimInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Tick();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One round: trims the pool, then compacts if the silo is quiet and it is worth it; true if it compacted.</summary>
    public bool Tick()
    {
        var now = clock.GetTimestamp();
        _trimmedBytes += (long)frames.Trim() * FramePool.FrameBytes;
        var rents = frames.Rents;
        if (rents != _lastRents)
        {
            _lastRents = rents;
            _lastActivity = now;
        }

        var settings = Options;
        if (!settings.CompactWhenQuiet
            || clock.GetElapsedTime(_lastActivity, now) < settings.QuietFor
            || (_lastCompaction is { } last && clock.GetElapsedTime(last, now) < settings.MinCompactionInterval))
        {
            return false;
        }

        var before = ReadHeap();
        // Trimmed frames are garbage the collector has not seen yet; the rest is committed beyond what the last
        // collection found in use.
        var reclaimable = before.CommittedBytes - before.InUseBytes + _trimmedBytes;
        if (reclaimable < settings.MinReclaimBytes || reclaimable < before.CommittedBytes * settings.MinReclaimShare)
        {
            return false;
        }

        var pausedBefore = GC.GetTotalPauseDuration();
        Compact();
        var pause = GC.GetTotalPauseDuration() - pausedBefore;
        var after = ReadHeap();
        _lastCompaction = clock.GetTimestamp();
        _trimmedBytes = 0;
        logger.LogInformation(
            "Quiet for {QuietSeconds:N0} s: compacted the heap, committed {BeforeMb:N0} MB -> {AfterMb:N0} MB, in use {InUseMb:N0} MB, paused {PauseMs:N0} ms",
            clock.GetElapsedTime(_lastActivity, now).TotalSeconds, before.CommittedBytes >> 20, after.CommittedBytes >> 20, after.InUseBytes >> 20, pause.TotalMilliseconds);
        return true;
    }
}

/// <summary>The managed heap as of the last collection.</summary>
/// <param name="CommittedBytes">Memory the collector holds from the system.</param>
/// <param name="InUseBytes">Heap size less the free space in it (what survived, plus garbage not yet collected).</param>
public readonly record struct HeapFigures(long CommittedBytes, long InUseBytes)
{
    public static HeapFigures Read()
    {
        var info = GC.GetGCMemoryInfo();
        return new HeapFigures(info.TotalCommittedBytes, info.HeapSizeBytes - info.FragmentedBytes);
    }
}
