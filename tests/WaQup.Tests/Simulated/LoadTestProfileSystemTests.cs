using System.Diagnostics;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Simulated;

/// <summary>The load-test provider profile, chosen by name, drives the whole system with its set latencies.</summary>
public sealed class LoadTestProfileSystemTests
{
    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Chosen_by_name_the_load_test_profile_makes_a_ritual_no_sooner_than_its_set_latencies()
    {
        await using var server = await WaQupServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Content:Provider"] = "loadtest",
            ["Speech:Provider"] = "loadtest",
            ["LoadTest:TextFirstTokenMs"] = "300",
            ["LoadTest:SpeechFirstByteMs"] = "75",
            ["LoadTest:SpeechRealtimeFactor"] = "50",
        });
        await using var client = await server.ConnectAsync(Users.New());
        await Talk.StartAsync(client);

        var asked = Stopwatch.StartNew();
        await Talk.RequestAsync(client, "affirmation", "being kind to myself", 1);
        while ((await client.NextAsync(Talk.Patience))?.IsAudio != true)
        {
        }

        Assert.True(asked.ElapsedMilliseconds >= 375, $"first audio after {asked.ElapsedMilliseconds} ms");
        await client.WaitForAsync("ritual.created", TimeSpan.FromSeconds(60));
    }
}
