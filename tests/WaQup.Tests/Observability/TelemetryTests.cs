using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using WaQup.Client;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Observability;

/// <summary>
/// What an operator sees: the engine's metrics at <c>/metrics</c> after a ritual, one trace from the client's event
/// through the session grain to the speech provider, and the Orleans Dashboard only for the operator.
/// </summary>
public sealed class TelemetryTests
{
    private const string OperatorPassword = "a-long-operator-password";

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task After_a_ritual_the_scrape_shows_turns_first_audio_provider_calls_and_credits()
    {
        await using var server = await WaQupServer.StartAsync();
        await MakeRitualAsync(server, $"metrics-{Guid.NewGuid():N}");

        using var http = new HttpClient { BaseAddress = server.BaseUri };
        var scrape = await ScrapeUntilAsync(http, "waqup_credits_total{");

        Assert.Matches(@"(?m)^waqup_turns_total(\{[^}]*\})? [1-9]", scrape);
        Assert.Matches(@"(?m)^waqup_first_audio_duration_milliseconds_count\{[^}]*response=""ritual""[^}]*\} [1-9]", scrape);
        Assert.Matches(@"(?m)^waqup_provider_calls_total\{[^}]*outcome=""ok""[^}]*provider=""speech""[^}]*\} [1-9]", scrape);
        Assert.Matches(@"(?m)^waqup_provider_calls_total\{[^}]*outcome=""ok""[^}]*provider=""script""[^}]*\} [1-9]", scrape);
        Assert.Matches(@"(?m)^waqup_credits_total\{[^}]*operation=""reserved""[^}]*\} [1-9]", scrape);
        Assert.Matches(@"(?m)^waqup_credits_total\{[^}]*operation=""committed""[^}]*\} [1-9]", scrape);
        Assert.Matches(@"(?m)^waqup_sessions_active(\{[^}]*\})? [0-9]", scrape);
        // Every sentence of the ritual went through the speech cache: the hit ratio is hit / all outcomes.
        Assert.Matches(@"(?m)^waqup_speech_cache_requests_total\{[^}]*outcome=""miss""[^}]*\} [1-9]", scrape);
        Assert.Matches(@"(?m)^waqup_speech_cache_requests_total\{[^}]*outcome=""hit""[^}]*\} [0-9]", scrape);
        Assert.Matches(@"(?m)^waqup_ritual_save_duration_milliseconds_count(\{[^}]*\})? [1-9]", scrape);
        // Every frame of the ritual has been encoded (the file is saved), so none waits.
        Assert.Matches(@"(?m)^waqup_recording_backlog(\{[^}]*\})? 0( |$)", scrape);
        Assert.Contains("orleans_", scrape, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task One_trace_runs_from_the_clients_event_through_the_session_to_the_speech_provider()
    {
        var spans = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "WaQup" or "WaQup.Api",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(listener);
        // As an operator with a collector runs it; without one no span is recorded (the next test).
        await using var server = await WaQupServer.StartAsync(settings: new Dictionary<string, string?> { ["Observability:Tracing"] = "true" });

        var ritualId = await MakeRitualAsync(server, $"trace-{Guid.NewGuid():N}");

        // The production's span ends a moment after ritual.created is sent (the session still moves to listening).
        await Until.TrueAsync(() => spans.Any(IsProduction), TimeSpan.FromSeconds(10), $"the span of ritual {ritualId}'s production ended");

        var production = Assert.Single(spans, IsProduction);
        var trace = spans.Where(s => s.TraceId == production.TraceId).ToList();
        Assert.Contains(trace, s => s.OperationName == "conversation.event" && (string?)s.GetTagItem("waqup.event") == "RitualRequestCommand");
        Assert.Contains(trace, s => s.OperationName == "speech.call" && s.ParentSpanId != default);
        Assert.Contains(trace, s => s.OperationName == "script.call");

        bool IsProduction(Activity span) => span.OperationName == "ritual.produce" && (string?)span.GetTagItem("waqup.ritual_id") == ritualId;
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Without_a_collector_no_span_is_recorded()
    {
        await using var server = await WaQupServer.StartAsync();
        await MakeRitualAsync(server, $"untraced-{Guid.NewGuid():N}");

        // Nobody listens: every grain call, event and query of the ritual started no span at all.
        foreach (var name in new[] { "WaQup", "WaQup.Api", "Microsoft.Orleans.Application", "Npgsql" })
        {
            using var source = new ActivitySource(name);
            Assert.False(source.HasListeners(), $"the source {name} has a listener though no trace goes anywhere");
        }
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task The_dashboard_opens_only_with_the_operators_credentials()
    {
        await using var server = await WaQupServer.StartAsync(settings: new Dictionary<string, string?> { ["Operators:Password"] = OperatorPassword });
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.BaseUri };

        using var anonymous = await http.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Basic", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsOperatorAsync(http, "operator", "not-the-password")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsOperatorAsync(http, "someone", OperatorPassword)).StatusCode);
        using var user = new HttpRequestMessage(HttpMethod.Get, "/dashboard/");
        user.Headers.Authorization = new AuthenticationHeaderValue("Bearer", server.TokenFor("u-not-an-operator"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(user)).StatusCode);

        var page = await GetAsOperatorAsync(http, "operator", OperatorPassword);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("text/html", page.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Without_an_operator_password_there_is_no_dashboard()
    {
        await using var server = await WaQupServer.StartAsync();
        using var http = new HttpClient { BaseAddress = server.BaseUri };
        using var response = await http.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static async Task<HttpResponseMessage> GetAsOperatorAsync(HttpClient http, string user, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard/");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return await http.SendAsync(request);
    }

    private static async Task<string> MakeRitualAsync(WaQupServer server, string userId)
    {
        await using var client = await ConversationClient.ConnectAsync(server.BaseUri, server.TokenFor(userId));
        await Talk.StartAsync(client);
        await Talk.RequestAsync(client, "affirmation", "steady mornings", 1);
        var created = await client.WaitForAsync("ritual.created", TimeSpan.FromSeconds(60));
        return (string)created["ritual_id"]!;
    }

    /// <summary>The exporter caches a scrape for a moment: asks again until <paramref name="expected"/> shows.</summary>
    private static async Task<string> ScrapeUntilAsync(HttpClient http, string expected)
    {
        var scrape = "";
        await Until.TrueAsync(
            async () => (scrape = await http.GetStringAsync("/metrics")).Contains(expected, StringComparison.Ordinal),
            TimeSpan.FromSeconds(10),
            $"/metrics showed {expected}");
        return scrape;
    }
}
