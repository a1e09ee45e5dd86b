using System.Text.Json.Nodes;
using WaQup.Load;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Load;

/// <summary>The load tester against the whole system in this process: a short run that plays every scenario cleanly.</summary>
public sealed class LoadRunnerEndToEndTests(ITestOutputHelper output)
{
    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_short_run_plays_every_scenario_without_errors_and_writes_the_summary()
    {
        // At the default pace (8x real time) the run stays well within this machine's CPU while still covering
        // every scenario; the tests' usual 20x would make encoding, not the engine, the limit.
        await using var server = await WaQupServer.StartAsync(settings: new Dictionary<string, string?> { ["Conversation:PaceFactor"] = "8" });
        var json = Path.Combine(Directory.CreateTempSubdirectory("waqup-load-").FullName, "summary.json");
        var options = new LoadOptions
        {
            Url = server.BaseUri,
            Sessions = 6,
            Duration = TimeSpan.FromSeconds(12),
            JsonPath = json,
            RampUp = TimeSpan.FromSeconds(1),
            Think = TimeSpan.FromMilliseconds(100),
        };

        await LoadRunner.CheckReachableAsync(server.BaseUri, CancellationToken.None);
        var summary = await new LoadRunner(options).RunAsync();
        output.WriteLine(summary.ToJson());

        Assert.True(summary.FailedSessions == 0, string.Join("\n", summary.Failures));
        Assert.Empty(summary.Errors);
        Assert.True(summary.Turns > 0);
        Assert.True(summary.CancelLatencyMs.Count > 0, "a cancel was measured");
        Assert.True(summary.Resumes > 0, "a resume was done");
        Assert.True(summary.BadInputs > 0, "bad input was answered");
        Assert.True(summary.ConnectMs.Count >= options.Sessions);
        Assert.True(summary.Frames > 0);
        Assert.InRange(summary.DurationS, 11, 40);

        var written = JsonNode.Parse(await File.ReadAllTextAsync(json))!.AsObject();
        foreach (var field in LoadSummaryTests.RequiredFields)
        {
            Assert.True(written.ContainsKey(field), $"missing {field}");
        }

        Assert.Equal(options.Sessions, (int)written["sessions"]!);
        Assert.True((double)written["turn_latency_ms"]!["p50"]! > 0);
        Assert.True((double)written["cancel_latency_ms"]!["max"]! > 0);
    }
}
