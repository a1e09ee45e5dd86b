using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using WaQup.Abstractions.Costs;
using WaQup.Abstractions.Grains;
using WaQup.Grains.Costs;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Costs;

/// <summary>Cost records reach PostgreSQL in batches, each once, whatever fails on the way.</summary>
public sealed class CostWriterTests
{
    private static CancellationToken TestCancellation => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_batch_written_again_is_counted_once()
    {
        await using var database = NpgsqlDataSource.Create(await TestDatabase.CreateAsync());
        var store = new PostgresCostStore(database);
        var records = Enumerable.Range(0, 3).Select(i => Record("openai", 0.5m, ritualId: "rit_a")).ToList();

        await store.AppendAsync(records, TestCancellation);
        await store.AppendAsync(records, TestCancellation);

        var report = await store.RitualCostsAsync("rit_a", TestCancellation);
        var line = Assert.Single(report!.Lines);
        Assert.Equal((3L, 1.5m), (line.Calls, line.Cost));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_batch_whose_answer_was_lost_is_retried_and_counted_once()
    {
        await using var database = NpgsqlDataSource.Create(await TestDatabase.CreateAsync());
        var store = new AnswerLosingStore(new PostgresCostStore(database));
        await using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var options = new CostOptions { FlushInterval = TimeSpan.FromMilliseconds(50), Prices = { ["openai"] = new ProviderPrice { InputPerMillionTokens = 1_000_000m } } };
        var recorder = new CostRecorder(new PriceTable(options), options, TimeProvider.System, services.GetRequiredService<IMeterFactory>(), NullLogger<CostRecorder>.Instance);
        var writer = new CostWriter(recorder, store, options, TimeProvider.System, NullLogger<CostWriter>.Instance);
        await writer.StartAsync(TestCancellation);

        using (CostScope.Enter(new CostScope("u-1", "s-1", "rit_b")))
        {
            for (var i = 0; i < 4; i++)
            {
                recorder.Record(new CostInputs("openai", "gpt-4o-mini", null, InputTokens: 1));
            }
        }

        await Until.TrueAsync(() => recorder.Pending == 0, TimeSpan.FromSeconds(20), "the writer stored the records after the failed answer");
        await writer.StopAsync(TestCancellation);

        Assert.True(store.Failures >= 1, "the store never lost an answer: the test proves nothing");
        var line = Assert.Single((await store.RitualCostsAsync("rit_b", TestCancellation))!.Lines);
        Assert.Equal(("openai", "gpt-4o-mini", "script", 4L, 4L, 4m), (line.Provider, line.Model, line.Operation, line.Calls, line.InputTokens, line.Cost));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Records_still_waiting_are_written_when_the_node_stops()
    {
        await using var database = NpgsqlDataSource.Create(await TestDatabase.CreateAsync());
        var store = new PostgresCostStore(database);
        await using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var options = new CostOptions { FlushInterval = TimeSpan.FromHours(1) };
        var recorder = new CostRecorder(new PriceTable(options), options, TimeProvider.System, services.GetRequiredService<IMeterFactory>(), NullLogger<CostRecorder>.Instance);
        var writer = new CostWriter(recorder, store, options, TimeProvider.System, NullLogger<CostWriter>.Instance);
        await writer.StartAsync(TestCancellation);

        recorder.Record(new CostInputs("flite", "slt", CostOperations.Speech, Characters: 10, AudioSeconds: 1), new CostScope("u-2", "s-2", "rit_c"));
        await writer.StopAsync(TestCancellation);

        var line = Assert.Single((await store.RitualCostsAsync("rit_c", TestCancellation))!.Lines);
        Assert.Equal(("flite", "speech", 10L, 1.0), (line.Provider, line.Operation, line.Characters, line.AudioSeconds));
    }

    private static CostRecord Record(string provider, decimal cost, string? ritualId) =>
        new(Guid.CreateVersion7(), DateTimeOffset.UtcNow, provider, "m", "script", 1, 2, 0, 0, cost, "USD", "u", "s", ritualId);

    /// <summary>Stores the first batch and then fails, as a connection lost before the commit's answer arrives.</summary>
    private sealed class AnswerLosingStore(ICostStore inner) : ICostStore
    {
        public int Failures { get; private set; }

        public async Task AppendAsync(IReadOnlyList<CostRecord> records, CancellationToken cancellationToken)
        {
            await inner.AppendAsync(records, cancellationToken);
            if (Failures == 0)
            {
                Failures++;
                throw new NpgsqlException("connection lost after the commit");
            }
        }

        public Task<ProviderCostReport> ProviderCostsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
            inner.ProviderCostsAsync(from, to, cancellationToken);

        public Task<RitualCostReport?> RitualCostsAsync(string ritualId, CancellationToken cancellationToken) =>
            inner.RitualCostsAsync(ritualId, cancellationToken);
    }
}
