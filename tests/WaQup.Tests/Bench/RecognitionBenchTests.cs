using System.Diagnostics;
using WaQup.Bench;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Bench;

/// <summary>The recognition benchmark, tiny, against the whole system in this process: sessions speak, are heard, and it reports what happened.</summary>
public sealed class RecognitionBenchTests
{
    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Two_sessions_saying_two_sentences_each_are_heard_timed_and_scored()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var settings = new Dictionary<string, string?>
        {
            ["Content:Provider"] = "loadtest",
            ["Speech:Provider"] = "loadtest",
            ["Conversation:UnpaidSpeechBurst"] = "1.00:00:00",
            ["Conversation:UnpaidSpeechPerMinute"] = "1.00:00:00",
        };
        foreach (var (key, value) in RecognitionBench.SiloSettings)
        {
            settings[key] = value;
        }

        await using var server = await WaQupServer.StartAsync(settings: settings);
        var plan = RecognitionBench.Plan(domainSentences: 1, sessions: 2, rounds: 2, think: TimeSpan.FromMilliseconds(200));
        var takes = await plan.SynthesizeAsync(cancellationToken);

        var rows = await RecognitionBench.MeasureAsync(
            server.BaseUri, () => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds, plan, takes, _ => { }, cancellationToken);

        Assert.Equal(["recognition @1", "recognition @2"], rows.Select(r => r.Benchmark).Distinct());
        Assert.All(rows.Where(r => r.Measure == "errors"), r => Assert.Equal("none", r.Figure));
        Assert.Contains("(2 utterances", Row(rows, "recognition @1", "end of speech → final transcript").Figure);
        Assert.Contains("(4 utterances", Row(rows, "recognition @2", "end of speech → final transcript").Figure);
        // The first domain sentence, in either voice, is one the recogniser hears whole.
        Assert.True(Row(rows, "recognition @2", "domain WER").Met);
        Assert.DoesNotContain("p50 0 ms", Row(rows, "recognition @2", "end of speech → final transcript").Figure);
    }

    private static BenchRow Row(IEnumerable<BenchRow> rows, string benchmark, string measure) =>
        rows.Single(r => r.Benchmark == benchmark && r.Measure == measure);
}
