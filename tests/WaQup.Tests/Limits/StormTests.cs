using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using WaQup.Client;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Limits;

/// <summary>
/// One person storming the server (every socket they may open, each talking ten times a second) does not take it
/// down for anyone else: health answers, another person's ritual is made, and the storm itself gets only documented
/// answers, never a fatal one.
/// </summary>
public sealed class StormTests() : OwnServer(new Dictionary<string, string?>
{
    ["Socket:MaxPerUser"] = Sockets.ToString(),
})
{
    private const int Sockets = 8;
    private static readonly TimeSpan StormFor = TimeSpan.FromSeconds(8);

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_storm_from_one_person_leaves_health_and_everyone_else_served()
    {
        var stormer = Users.New("storm");
        var storm = new List<ConversationClient>();
        try
        {
            for (var i = 0; i < Sockets; i++)
            {
                var client = await Server.ConnectAsync(stormer);
                storm.Add(client);
                await client.SendAsync(new { type = "session.start" });
                await client.WaitForAsync("session.ready", Talk.Patience);
            }

            await Assert.ThrowsAsync<WebSocketException>(() => Server.ConnectAsync(stormer));

            using var stop = new CancellationTokenSource(StormFor);
            var talking = storm.Select(c => TalkAsync(c, stop.Token)).ToList();
            var health = WatchHealthAsync(stop.Token);

            // Someone else, meanwhile: a whole ritual.
            var bystander = Users.New();
            await using (var client = await Server.ConnectAsync(bystander))
            {
                await Talk.StartAsync(client);
                await Talk.RequestAsync(client, "affirmation", "a calm morning", 1);
                var created = await client.WaitForAsync("ritual.created", TimeSpan.FromSeconds(90));
                Assert.True((int)created["credits_charged"]! > 0);
            }

            await Task.WhenAll(talking);
            var slowest = await health;
            Assert.True(slowest < TimeSpan.FromSeconds(5), $"/healthz took {slowest.TotalSeconds:F1} s during the storm");

            var codes = storm.SelectMany(c => c.Log).Where(r => r.Type == "error").Select(r => (string?)r.Event!["code"]).Distinct().ToList();
            Assert.DoesNotContain("internal", codes);
            Assert.DoesNotContain(storm.SelectMany(c => c.Log), r => r.Type == "error" && (bool)r.Event!["fatal"]!);
        }
        finally
        {
            foreach (var client in storm)
            {
                await client.DisposeAsync();
            }
        }
    }

    /// <summary>Ten utterances a second (half the per-connection limit), each cutting the last reply short.</summary>
    private static async Task TalkAsync(ConversationClient client, CancellationToken stop)
    {
        using var rate = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        var i = 0;
        do
        {
            await client.SendAsync(new { type = "user.text", text = $"hello there, I want something {i++}" });
        }
        while (await Ticks(rate, stop));
    }

    /// <summary>Asks /healthz over and over until told to stop; the slowest answer.</summary>
    private async Task<TimeSpan> WatchHealthAsync(CancellationToken stop)
    {
        using var http = Server.HttpFor(null);
        using var rate = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        var slowest = TimeSpan.Zero;
        do
        {
            var asked = Stopwatch.StartNew();
            using var response = await http.GetAsync("/healthz", CancellationToken.None);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            slowest = asked.Elapsed > slowest ? asked.Elapsed : slowest;
        }
        while (await Ticks(rate, stop));

        return slowest;
    }

    /// <summary>The next tick of a steady rate, or false once the storm is over.</summary>
    private static async Task<bool> Ticks(PeriodicTimer rate, CancellationToken stop)
    {
        try
        {
            return await rate.WaitForNextTickAsync(stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return false;
        }
    }
}
