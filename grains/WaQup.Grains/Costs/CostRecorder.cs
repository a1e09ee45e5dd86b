using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using WaQup.Abstractions.Costs;
using WaQup.Grains.Telemetry;

namespace WaQup.Grains.Costs;

/// <summary>
/// Where every provider call reports what it consumed. It prices the call, counts it in the cost metrics and queues its
/// record for <see cref="CostWriter"/>, without waiting: a provider call never waits for the database.
/// </summary>
public sealed class CostRecorder
{
    private readonly Channel<CostRecord> _queue = Channel.CreateUnbounded<CostRecord>(new UnboundedChannelOptions { SingleReader = true });
    private readonly PriceTable _prices;
    private readonly CostOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<CostRecorder> _logger;
    private readonly Counter<long> _tokens;
    private readonly Counter<long> _characters;
    private readonly Counter<double> _audio;
    private readonly Counter<double> _cost;
    private readonly Counter<long> _dropped;
    private int _pending;
    private int _warnedDropping;

    public CostRecorder(PriceTable prices, CostOptions options, TimeProvider clock, IMeterFactory meters, ILogger<CostRecorder> logger)
    {
        _prices = prices;
        _options = options;
        _clock = clock;
        _logger = logger;
        var meter = meters.Create(WaQupMetrics.Name);
        _tokens = meter.CreateCounter<long>("waqup.provider.tokens", "{token}", "Model tokens used, by provider, operation and direction (input, output)");
        _characters = meter.CreateCounter<long>("waqup.provider.characters", "{character}", "Characters sent to paid speech providers, by provider and operation");
        _audio = meter.CreateCounter<double>("waqup.provider.audio", "s", "Seconds of audio spoken or heard by a provider, by provider and operation");
        _cost = meter.CreateCounter<double>("waqup.provider.cost", "{currency_unit}", "Estimated cost of provider calls from the price table, by provider, operation and currency");
        _dropped = meter.CreateCounter<long>("waqup.provider.cost_records.dropped", "{record}", "Cost records not kept because too many were waiting for the database");
    }

    /// <summary>Records waiting to be written.</summary>
    public int Pending => Volatile.Read(ref _pending);

    /// <summary>Prices and records one call for whom <paramref name="scope"/> (else the current <see cref="CostScope"/>) names.</summary>
    public void Record(CostInputs inputs, CostScope? scope = null)
    {
        scope ??= CostScope.Current;
        var operation = inputs.Operation ?? scope?.Operation ?? CostOperations.Script;
        var cost = _prices.CostOf(inputs);
        Count(inputs, operation, cost);
        var record = new CostRecord(
            Guid.CreateVersion7(),
            _clock.GetUtcNow(),
            inputs.Provider,
            inputs.Model,
            operation,
            inputs.InputTokens,
            inputs.OutputTokens,
            inputs.Characters,
            inputs.AudioSeconds,
            cost,
            _prices.Currency,
            scope?.UserId,
            scope?.SessionId,
            scope?.RitualId);
        if (Interlocked.Increment(ref _pending) > _options.MaxPending)
        {
            // The database has been away for long: memory is kept for the sessions, and the metrics above still count.
            Interlocked.Decrement(ref _pending);
            _dropped.Add(1);
            if (Interlocked.Exchange(ref _warnedDropping, 1) == 0)
            {
                _logger.LogWarning("{Pending} cost records are waiting for the database; further ones are dropped until it catches up", _options.MaxPending);
            }

            return;
        }

        _queue.Writer.TryWrite(record);
    }

    /// <summary>The next record waiting, for the writer.</summary>
    internal ValueTask<bool> WaitToTakeAsync(CancellationToken cancellationToken) => _queue.Reader.WaitToReadAsync(cancellationToken);

    internal bool TryTake(out CostRecord record) => _queue.Reader.TryRead(out record!);

    /// <summary>The writer has stored (or given up on) <paramref name="count"/> records it took.</summary>
    internal void Written(int count)
    {
        Interlocked.Add(ref _pending, -count);
        Interlocked.Exchange(ref _warnedDropping, 0);
    }

    private void Count(in CostInputs inputs, string operation, decimal cost)
    {
        var provider = new KeyValuePair<string, object?>("provider", inputs.Provider);
        var kind = new KeyValuePair<string, object?>("operation", operation);
        if (inputs.InputTokens > 0)
        {
            _tokens.Add(inputs.InputTokens, provider, kind, new KeyValuePair<string, object?>("direction", "input"));
        }

        if (inputs.OutputTokens > 0)
        {
            _tokens.Add(inputs.OutputTokens, provider, kind, new KeyValuePair<string, object?>("direction", "output"));
        }

        if (inputs.Characters > 0)
        {
            _characters.Add(inputs.Characters, provider, kind);
        }

        if (inputs.AudioSeconds > 0)
        {
            _audio.Add(inputs.AudioSeconds, provider, kind);
        }

        _cost.Add((double)cost, provider, kind, new KeyValuePair<string, object?>("currency", _prices.Currency));
    }
}
