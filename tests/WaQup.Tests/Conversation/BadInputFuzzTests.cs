using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Unicode;
using WaQup.Abstractions.Protocol;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Conversation;

/// <summary>
/// Thousands of mutated events over real sockets, and mutated REST bodies, from one seed: bad input never costs a
/// connection (but for text that is not UTF-8, documented) or a 5xx, every error is one the protocol documents, and
/// every session still answers afterwards. A failure names its seed: set WAQUP_FUZZ_SEED to it to replay the run.
/// </summary>
public sealed class BadInputFuzzTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const int Connections = 8;
    private const int EventsPerConnection = 180;

    /// <summary>Under the limit of 20 events a second per connection, so that most events reach the parser's answer.</summary>
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(55);

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static readonly HashSet<string> DocumentedCodes =
    [
        "bad_request", "unauthorized", "invalid_state", "insufficient_credits", "rate_limited", "message_too_large",
        "provider_unavailable", "resume_failed",
    ];

    private WaQupServer Server => fixture.Server;

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Mutated_events_and_bodies_get_documented_errors_and_every_session_still_answers()
    {
        var seed = Environment.GetEnvironmentVariable("WAQUP_FUZZ_SEED") is { Length: > 0 } replay ? int.Parse(replay) : Random.Shared.Next();
        try
        {
            var notText = new List<byte[]>();
            var plans = Enumerable.Range(0, Connections).Select(i => Plan(new JsonFuzzer(seed + i), notText)).ToList();
            await Task.WhenAll([
                .. plans.Select(FuzzOneSessionAsync),
                NotUtf8ClosesEachConnectionAsync(notText),
                RestBodiesNeverFailAsync(new JsonFuzzer(seed - 1)),
            ]);
        }
        catch (Exception failure)
        {
            Assert.Fail($"fuzz seed {seed} (replay with WAQUP_FUZZ_SEED={seed}): {failure}");
        }
    }

    /// <summary>
    /// The events of one connection, each with the error code the server must answer (null: no answer). Events that
    /// come out valid and would act on the session (speak, make a ritual, end it) are left out: this is about bad
    /// input, and the session must stay quiet enough to check afterwards. Text that is not UTF-8 goes on its own.
    /// </summary>
    private static List<(byte[] Message, string? Code)> Plan(JsonFuzzer fuzzer, List<byte[]> notText)
    {
        var plan = new List<(byte[], string?)>();
        while (plan.Count < EventsPerConnection)
        {
            var message = fuzzer.NextEvent();
            if (!Utf8.IsValid(message))
            {
                notText.Add(message);
                continue;
            }

            var (evt, error) = ClientEventParser.Parse(message);
            if (error is not null || evt is SessionStartCommand or AudioAckCommand)
            {
                plan.Add((message, error?.Code ?? (evt is SessionStartCommand ? ErrorCodes.InvalidState : null)));
            }
        }

        return plan;
    }

    private async Task FuzzOneSessionAsync(List<(byte[] Message, string? Code)> plan)
    {
        await using var client = await Server.ConnectAsync(Users.New("fuzz"));
        await Talk.StartAsync(client);
        using (var pace = new PeriodicTimer(Pace))
        {
            foreach (var (message, _) in plan)
            {
                await pace.WaitForNextTickAsync();
                await client.SendTextAsync(message);
            }
        }

        // Errors come back in the order of the events: each is the one the parser gives, or the rate limit's.
        var deadline = DateTime.UtcNow + Deadline;
        foreach (var (message, code) in plan.Where(p => p.Code is not null))
        {
            var error = await client.WaitForAsync("error", deadline - DateTime.UtcNow);
            var got = (string?)error["code"];
            Assert.True(got == code || got == ErrorCodes.RateLimited, $"{Show(message)}: expected {code}, got {error.ToJsonString()}");
            Assert.False((bool)error["fatal"]!, $"{Show(message)}: {error.ToJsonString()}");
        }

        Assert.DoesNotContain(client.Log, r => r.Type == "error" && !DocumentedCodes.Contains((string?)r.Event!["code"] ?? ""));
        Assert.Null(client.CloseStatus);
        await client.SendAsync(new { type = "user.text", text = "I'd like an affirmation set" });
        await client.WaitForAsync("state.changed", Talk.Patience, e => (string?)e["state"] == "clarifying");
    }

    /// <summary>A text frame that is not UTF-8 cannot be read: each closes its own connection with 1007, and only that.</summary>
    private async Task NotUtf8ClosesEachConnectionAsync(List<byte[]> notText)
    {
        // The plans are made before this runs; a few frames of the kind are enough, and each costs a connection.
        byte[][] always = [[0x7B, 0xFF, 0x7D], [0xC3, 0x28], [0xED, 0xA0, 0x80]];
        foreach (var message in always.Concat(notText.Take(12)))
        {
            await using var client = await Server.ConnectAsync(Users.New("fuzz"));
            await client.SendTextAsync(message);
            var before = await client.ReadToCloseAsync(Talk.Patience);
            Assert.True(client.CloseStatus == WebSocketCloseStatus.InvalidPayloadData, $"{Show(message)}: closed with {client.CloseStatus}");
            Assert.Empty(before);
        }
    }

    private async Task RestBodiesNeverFailAsync(JsonFuzzer fuzzer)
    {
        (string Name, string Value)[] preferences = [("voice", "\"default\""), ("locale", "\"en-US\""), ("default_duration_minutes", "10"), ("sound_bed", "\"drone\"")];
        (string Name, string Value)[] devToken = [("user_id", "\"u-123\"")];
        var requests = Enumerable.Range(0, 600)
            .Select(i => i % 2 == 0 ? ("PATCH", "/v1/me/preferences", fuzzer.Next(preferences)) : ("POST", "/v1/auth/dev-token", fuzzer.Next(devToken)))
            .ToList();

        // Three users share the patches: one would meet the REST rate limit (600 a minute), which answers 429, not a 5xx.
        var clients = Enumerable.Range(0, 3).Select(_ => Server.HttpFor(Users.New("fuzz"))).ToArray();
        try
        {
            for (var i = 0; i < requests.Count; i++)
            {
                var (method, path, body) = requests[i];
                using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var response = await clients[i % clients.Length].SendAsync(request);
                Assert.True((int)response.StatusCode < 500, $"{method} {path} {Show(body)}: {(int)response.StatusCode}");
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json",
                        $"{method} {path} {Show(body)}: {(int)response.StatusCode} without problem details");
                }
            }
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    /// <summary>The message as a C# string literal would show it, raw bytes escaped, cut to a readable length.</summary>
    private static string Show(byte[] message)
    {
        var text = Utf8.IsValid(message) ? Encoding.UTF8.GetString(message) : "bytes " + Convert.ToHexString(message);
        return text.Length <= 300 ? text : text[..300] + $"… ({message.Length} bytes)";
    }
}
