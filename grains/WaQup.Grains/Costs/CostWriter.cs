using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace WaQup.Grains.Costs;

/// <summary>
/// Writes the <see cref="CostRecorder"/>'s records to the cost table in batches, off every request's path: what
/// arrives within <see cref="CostOptions.FlushInterval"/> goes in one statement. A batch that fails is retried, with
/// backoff, until it is stored; its records keep their ids, so a batch stored whose answer was lost is not counted
/// twice. On a clean stop what is left is written before the process ends; a crash loses at most what arrived in the
/// last interval (and whatever waited for a database that was away).
/// </summary>
public sealed class CostWriter(CostRecorder recorder, ICostStore store, CostOptions options, TimeProvider clock, ILogger<CostWriter> logger)
    : BackgroundService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopWriteTimeout = TimeSpan.FromSeconds(5);

    private readonly List<CostRecord> _batch = [];

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(StopWriteTimeout);
        try
        {
            do
            {
                Fill();
                if (_batch.Count > 0)
                {
                    await store.AppendAsync(_batch, limit.Token);
                    recorder.Written(_batch.Count);
                    _batch.Clear();
                }
            }
            while (recorder.Pending > 0);
        }
        catch (Exception error)
        {
            logger.LogWarning(error, "{Count} cost records could not be written before the silo stopped", recorder.Pending);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await recorder.WaitToTakeAsync(stoppingToken))
            {
                // The first record opens a batch; those that follow within the interval join it.
                await Task.Delay(options.FlushInterval, clock, stoppingToken);
                do
                {
                    Fill();
                    await StoreAsync(stoppingToken);
                }
                while (recorder.Pending >= options.BatchSize);
            }
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping, perhaps mid-write: what is not stored yet is still in the batch or the queue, for StopAsync.
        }
    }

    private void Fill()
    {
        while (_batch.Count < options.BatchSize && recorder.TryTake(out var record))
        {
            _batch.Add(record);
        }
    }

    private async Task StoreAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromMilliseconds(500);
        while (_batch.Count > 0)
        {
            try
            {
                await store.AppendAsync(_batch, stoppingToken);
                recorder.Written(_batch.Count);
                _batch.Clear();
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(error, "Could not write {Count} cost records; retrying in {Backoff}", _batch.Count, backoff);
                await Task.Delay(backoff, clock, stoppingToken);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }
}
