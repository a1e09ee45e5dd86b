using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using WaQup.Abstractions.Protocol;
using WaQup.Providers.Content;
using WaQup.Providers.Simulated;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Simulated;

/// <summary>What the load-testing script writer promises: the built-in text, no sooner than its set latency and rate.</summary>
public sealed class LoadTestScriptWriterSpecs
{
    private static readonly RitualSpec Spec = new(RitualKind.Meditation, "my exam tomorrow", 5, "Sam", "en-GB", 7);

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Text_and_title_are_the_built_in_writers_for_the_same_spec()
    {
        var builtIn = new BuiltInScriptWriter();
        var writer = new LoadTestScriptWriter(new SimulatedProviderOptions());

        var expected = await builtIn.WriteAsync(Spec, TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);
        var actual = await writer.WriteAsync(Spec, TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);

        Assert.NotEmpty(actual);
        Assert.Equal(expected, actual);
        Assert.Equal(builtIn.TitleFor(Spec), writer.TitleFor(Spec));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task First_sentence_arrives_no_sooner_than_the_first_token_delay()
    {
        var writer = new LoadTestScriptWriter(new SimulatedProviderOptions { TextFirstTokenMs = 150 });

        var clock = Stopwatch.StartNew();
        await using var pieces = writer.WriteAsync(Spec, TestContext.Current.CancellationToken).GetAsyncEnumerator(TestContext.Current.CancellationToken);
        Assert.True(await pieces.MoveNextAsync());

        Assert.True(clock.ElapsedMilliseconds >= 150, $"first piece after {clock.ElapsedMilliseconds} ms");
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task The_latency_runs_on_the_clock_it_is_given()
    {
        var time = new FakeTimeProvider();
        var writer = new LoadTestScriptWriter(new SimulatedProviderOptions { TextFirstTokenMs = 60_000 }, time);
        await using var pieces = writer.WriteAsync(Spec, TestContext.Current.CancellationToken).GetAsyncEnumerator(TestContext.Current.CancellationToken);

        var first = pieces.MoveNextAsync().AsTask();
        time.Advance(TimeSpan.FromSeconds(59.9));
        Assert.False(first.IsCompleted, "the first sentence came before its minute had passed on the writer's clock");
        // The writer may still be on its way to its wait: the clock moves on in small steps until the sentence comes.
        await Until.TrueAsync(
            () =>
            {
                if (!first.IsCompleted)
                {
                    time.Advance(TimeSpan.FromMilliseconds(50));
                }

                return first.IsCompleted;
            },
            // Well under the minute of real time a writer on the system clock would take: only the given clock passes this.
            TimeSpan.FromSeconds(20),
            "the first sentence came once a minute had passed on the writer's clock");
        Assert.True(await first);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Later_sentences_arrive_no_faster_than_the_set_rate()
    {
        var writer = new LoadTestScriptWriter(new SimulatedProviderOptions { TextSentencesPerSecond = 20 });

        var clock = Stopwatch.StartNew();
        var pieces = await writer.WriteAsync(Spec, TestContext.Current.CancellationToken).Take(6).ToListAsync(TestContext.Current.CancellationToken);

        Assert.Equal(6, pieces.Count);
        Assert.True(clock.ElapsedMilliseconds >= 5 * 50, $"six pieces after {clock.ElapsedMilliseconds} ms");
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Cancellation_stops_the_script_while_it_waits()
    {
        var writer = new LoadTestScriptWriter(new SimulatedProviderOptions { TextSentencesPerSecond = 0.5 });
        using var cancellation = new CancellationTokenSource();

        await using var pieces = writer.WriteAsync(Spec, cancellation.Token).GetAsyncEnumerator(TestContext.Current.CancellationToken);
        Assert.True(await pieces.MoveNextAsync());
        cancellation.CancelAfter(50);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await pieces.MoveNextAsync());
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Zero_settings_produce_a_long_script_without_waiting()
    {
        var writer = new LoadTestScriptWriter(new SimulatedProviderOptions());
        var long60 = Spec with { DurationMinutes = 60 };

        var pieces = await writer.WriteAsync(long60, TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);

        Assert.Equal(new BuiltInScriptWriter().Plan(long60).Count, pieces.Count);
    }
}
