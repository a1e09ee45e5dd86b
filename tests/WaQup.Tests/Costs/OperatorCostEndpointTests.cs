using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Npgsql;
using WaQup.Tests.Infrastructure;
using WaQup.Tests.Llm;
using WaQup.Tests.Recognition;

namespace WaQup.Tests.Costs;

/// <summary>
/// <c>GET /v1/ops/costs</c> and <c>/v1/ops/costs/rituals/{id}</c>: operators only, every query checked, and figures
/// that add up for rituals made end to end with the embedded providers and with OpenAI writing.
/// </summary>
public sealed class OperatorCostEndpointTests
{
    private const string Password = "a-long-operator-password";

    // flite at 36 an hour is 0.01 a second of audio: a figure the test can check.
    private static readonly Dictionary<string, string?> Priced = new()
    {
        ["Operators:Password"] = Password,
        ["Costs:FlushInterval"] = "00:00:00.1",
        ["Costs:Currency"] = "EUR",
        ["Costs:Prices:flite:PerAudioHour"] = "36",
    };

    private static CancellationToken TestCancellation => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Only_the_operator_gets_in()
    {
        await using var server = await WaQupServer.StartAsync(settings: Priced);
        using var anonymous = server.HttpFor(null);
        using var user = server.HttpFor(Users.New());
        using var wrong = Operator(server, "not-the-password");
        using var right = Operator(server, Password);

        var nobody = await anonymous.GetAsync("/v1/ops/costs", TestCancellation);
        Assert.Equal(HttpStatusCode.Unauthorized, nobody.StatusCode);
        Assert.Equal("application/problem+json", nobody.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, (await user.GetAsync("/v1/ops/costs", TestCancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/v1/ops/costs", TestCancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await user.GetAsync($"/v1/ops/costs/rituals/rit_{Guid.NewGuid():N}", TestCancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await right.GetAsync("/v1/ops/costs", TestCancellation)).StatusCode);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Without_an_operator_password_nobody_gets_in()
    {
        await using var server = await WaQupServer.StartAsync(settings: new Dictionary<string, string?> { ["Operators:Username"] = "operator" });
        using var guess = Operator(server, "");

        Assert.Equal(HttpStatusCode.Unauthorized, (await guess.GetAsync("/v1/ops/costs", TestCancellation)).StatusCode);
    }

    [Theory(Timeout = TestTimeouts.Default)]
    [InlineData("?from=yesterday")]
    [InlineData("?to=2026-13-01T00:00:00Z")]
    [InlineData("?from=")]
    [InlineData("?from=1700000000")]
    [InlineData("?from=1999-12-31T00:00:00Z&to=2000-01-02T00:00:00Z")]
    [InlineData("?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z")]
    [InlineData("?from=2026-01-01T00:00:00Z&to=2026-01-01T00:00:00Z")]
    [InlineData("?from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z")]
    [InlineData("?from=2026-01-01T00:00:00Z&from=2026-01-02T00:00:00Z")]
    [InlineData("/rituals/not-a-ritual")]
    [InlineData("/rituals/rit_ABCDEF00000000000000000000000000")]
    public async Task A_malformed_or_out_of_range_query_is_a_400_problem(string query)
    {
        await using var server = await WaQupServer.StartAsync(settings: Priced);
        using var http = Operator(server, Password);

        var response = await http.GetAsync("/v1/ops/costs" + query, TestCancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(string.IsNullOrEmpty((string?)(await response.Content.ReadFromJsonAsync<JsonObject>(TestCancellation))!["detail"]));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_ritual_nothing_served_is_not_found()
    {
        await using var server = await WaQupServer.StartAsync(settings: Priced);
        using var http = Operator(server, Password);

        var response = await http.GetAsync($"/v1/ops/costs/rituals/rit_{Guid.NewGuid():N}", TestCancellation);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_ritual_made_with_the_embedded_providers_costs_its_audio_at_flites_price()
    {
        await using var server = await WaQupServer.StartAsync(settings: Priced);
        var user = Users.New();
        var from = DateTimeOffset.UtcNow.AddMinutes(-1);
        var (ritualId, durationMs) = await MakeRitualAsync(server, user);
        using var http = Operator(server, Password);

        var ritual = await RitualCostsAsync(http, ritualId, "flite");
        var speech = Assert.Single(ritual["calls"]!.AsArray(), c => (string?)c!["provider"] == "flite")!;
        Assert.Equal("speech", (string?)speech["operation"]);
        var audioSeconds = (double)speech["usage"]!["audio_seconds"]!;
        Assert.InRange(audioSeconds, 1, durationMs / 1000.0);
        // audio_seconds is shown to the millisecond, the cost from the exact figure.
        Assert.Equal(audioSeconds * 0.01, (double)speech["cost"]!, tolerance: 0.00001);
        Assert.Equal("EUR", (string?)speech["currency"]);
        Assert.Equal(durationMs, (long)ritual["duration_ms"]!);
        var total = Assert.Single(ritual["totals"]!.AsArray())!;
        Assert.Equal((double)speech["cost"]! / (durationMs / 60_000.0), (double)total["cost_per_minute"]!, tolerance: 1e-4);
        // The builtin writer is no paid call: nothing recorded for the script.
        Assert.DoesNotContain(ritual["calls"]!.AsArray(), c => (string?)c!["operation"] == "script");

        var report = await http.GetFromJsonAsync<JsonObject>(
            $"/v1/ops/costs?from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"))}", TestCancellation);
        Assert.Equal(1L, (long)report!["rituals"]!);
        Assert.Equal(durationMs / 60_000.0, (double)report["ritual_minutes"]!, tolerance: 1e-3);
        var flite = Assert.Single(report["providers"]!.AsArray(), p => (string?)p!["provider"] == "flite")!;
        Assert.Equal((double)speech["cost"]!, (double)flite["ritual_cost"]!, tolerance: 1e-6);
        Assert.Equal((double)flite["cost"]! / (durationMs / 60_000.0), (double)flite["cost_per_minute"]!, tolerance: 1e-4);
        Assert.Equal((double)flite["ritual_cost"]! / (durationMs / 60_000.0), (double)flite["ritual_cost_per_minute"]!, tolerance: 1e-4);

        // The greeting was spoken too: a cost of the user's session, not of any ritual.
        Assert.True(await HasReplyCostAsync(server, user), "no speech was recorded for the session's greeting");
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_ritual_written_by_openai_costs_its_tokens_at_the_models_price()
    {
        await using var model = await LoopbackServer.StartAsync((context, _) => OpenAiWire.ScriptAsync(context,
            "I am steady", " and calm before my exam.\n[pause 2s]\n", "I breathe in slowly.", "\nI know what I have learned.\n"));
        await using var server = await WaQupServer.StartAsync(settings: new Dictionary<string, string?>(Priced)
        {
            ["OPENAI_API_KEY"] = "sk-test-openai",
            ["Content:OpenAi:Endpoint"] = new Uri(model.BaseUri, "v1").ToString(),
            ["Speech:Provider"] = "flite",
            ["Recognition:Provider"] = "pocketsphinx",
            ["Costs:Prices:openai:InputPerMillionTokens"] = "2",
            ["Costs:Prices:openai:OutputPerMillionTokens"] = "10",
        });
        var user = Users.New();
        var (ritualId, durationMs) = await MakeRitualAsync(server, user);
        using var http = Operator(server, Password);

        var ritual = await RitualCostsAsync(http, ritualId, "openai");
        var script = Assert.Single(ritual["calls"]!.AsArray(), c => (string?)c!["provider"] == "openai")!;
        Assert.Equal(("gpt-4o-mini", "script", 1L), ((string?)script["model"], (string?)script["operation"], (long)script["usage"]!["calls"]!));
        // OpenAiWire reports 120 prompt and 340 completion tokens.
        Assert.Equal((120L, 340L), ((long)script["usage"]!["input_tokens"]!, (long)script["usage"]!["output_tokens"]!));
        Assert.Equal(120 * 2 / 1e6 + 340 * 10 / 1e6, (double)script["cost"]!, tolerance: 1e-9);
        var flite = Assert.Single(ritual["calls"]!.AsArray(), c => (string?)c!["provider"] == "flite")!;
        var total = Assert.Single(ritual["totals"]!.AsArray())!;
        Assert.Equal((double)script["cost"]! + (double)flite["cost"]!, (double)total["cost"]!, tolerance: 1e-9);
        Assert.Equal((double)total["cost"]! / (durationMs / 60_000.0), (double)total["cost_per_minute"]!, tolerance: 1e-5);

        // The ledger says what each credit movement was for, from the reservation on.
        using var me = server.HttpFor(user);
        var ledger = (await me.GetFromJsonAsync<JsonObject>("/v1/me/credits", TestCancellation))!["ledger"]!.AsArray();
        var reserve = ledger.Single(e => (string?)e!["kind"] == "reserve")!;
        var what = $"ritual {ritualId}: 1-minute affirmation on calm before my exam";
        Assert.Equal("welcome grant", (string?)ledger.Single(e => (string?)e!["kind"] == "grant")!["reason"]);
        Assert.Equal(what, (string?)reserve["reason"]);
        Assert.Equal($"charged {-(int)reserve["amount"]!} for {what}", (string?)ledger.Single(e => (string?)e!["kind"] == "commit")!["reason"]);

        using var scrape = new HttpClient { BaseAddress = server.BaseUri };
        var metrics = "";
        await Until.TrueAsync(async () => (metrics = await scrape.GetStringAsync("/metrics", TestCancellation)).Contains("waqup_provider_tokens_total{", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), "/metrics showed the token counter");
        Assert.Matches(@"(?m)^waqup_provider_tokens_total\{[^}]*direction=""output""[^}]*operation=""script""[^}]*provider=""openai""[^}]*\} 340( |$)", metrics);
        Assert.Matches(@"(?m)^waqup_provider_cost_total\{[^}]*currency=""EUR""[^}]*operation=""script""[^}]*provider=""openai""[^}]*\} 0\.00364( |$)", metrics);
        Assert.Matches(@"(?m)^waqup_provider_audio_seconds_total\{[^}]*operation=""speech""[^}]*provider=""flite""[^}]*\} [0-9.]+", metrics);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Reading_a_request_with_the_model_is_recorded_as_extraction_for_the_speakers_session()
    {
        await using var model = await LoopbackServer.StartAsync((context, _) => OpenAiWire.CompletionAsync(context,
            """{"kind": "meditation", "topic": "my exam", "feeling": null, "moment": "tomorrow", "duration_minutes": null}""", promptTokens: 300, completionTokens: 30));
        await using var server = await WaQupServer.StartAsync(settings: new Dictionary<string, string?>(Priced)
        {
            ["OPENAI_API_KEY"] = "sk-test-openai",
            ["Content:OpenAi:Endpoint"] = new Uri(model.BaseUri, "v1").ToString(),
            ["Speech:Provider"] = "flite",
            ["Costs:Prices:openai:InputPerMillionTokens"] = "2",
            ["Costs:Prices:openai:OutputPerMillionTokens"] = "10",
        });
        var user = Users.New();
        await using var client = await server.ConnectAsync(user);
        await Talk.StartAsync(client);

        await client.SendAsync(new { type = "user.text", text = "a meditation for my exam tomorrow" });
        await client.WaitForAsync("state.changed", Talk.Patience, e => (string?)e["state"] == "confirming");

        await using var database = NpgsqlDataSource.Create(server.ConnectionString);
        (string? Session, string? Ritual, long Input, long Output, double Cost) row = default;
        await Until.TrueAsync(async () =>
        {
            await using var command = database.CreateCommand(
                "SELECT session_id, ritual_id, input_tokens, output_tokens, cost FROM waqup_provider_costs WHERE user_id = $1 AND provider = 'openai' AND operation = 'extraction'");
            command.Parameters.AddWithValue(user);
            await using var reader = await command.ExecuteReaderAsync(TestCancellation);
            if (!await reader.ReadAsync(TestCancellation))
            {
                return false;
            }

            row = (reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), Convert.ToInt64(reader.GetValue(2)), Convert.ToInt64(reader.GetValue(3)), Convert.ToDouble(reader.GetValue(4)));
            return true;
        }, TimeSpan.FromSeconds(20), "the extraction's cost was written");

        Assert.NotNull(row.Session);
        Assert.Null(row.Ritual);
        Assert.Equal((300L, 30L), (row.Input, row.Output));
        Assert.Equal(300 * 2 / 1e6 + 30 * 10 / 1e6, row.Cost, tolerance: 1e-9);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task What_the_recogniser_hears_is_recorded_as_the_speakers_session_at_its_price_per_hour()
    {
        await using var server = await WaQupServer.StartAsync(settings: new Dictionary<string, string?>(Priced)
        {
            ["Costs:Prices:pocketsphinx:PerAudioHour"] = "3.6",
        });
        var user = Users.New();
        await using var client = await server.ConnectAsync(user);
        var ready = await Talk.StartAsync(client);
        var words = SpokenAudio.Join(
            SpokenAudio.Silence(300, noiseAmplitude: 30, seed: 1), await SpokenAudio.FliteAsync("help me relax"), SpokenAudio.Silence(1000, noiseAmplitude: 30, seed: 2));

        await client.SpeakAsync(words, realTime: false);
        await client.WaitForAsync("user.transcript", TimeSpan.FromSeconds(60), e => (bool)e["final"]!);

        await using var database = NpgsqlDataSource.Create(server.ConnectionString);
        (string Session, string? Ritual, double Seconds, decimal Cost)? heard = null;
        await Until.TrueAsync(async () =>
        {
            await using var command = database.CreateCommand(
                "SELECT session_id, ritual_id, audio_seconds, cost FROM waqup_provider_costs WHERE user_id = $1 AND provider = 'pocketsphinx' AND operation = 'recognition'");
            command.Parameters.AddWithValue(user);
            await using var reader = await command.ExecuteReaderAsync(TestCancellation);
            heard = await reader.ReadAsync(TestCancellation)
                ? (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetDouble(2), reader.GetDecimal(3))
                : null;
            return heard is not null;
        }, TimeSpan.FromSeconds(20), "the utterance was recorded as a cost");
        var (session, ritual, seconds, cost) = heard!.Value;
        Assert.Equal((string?)ready["session_id"], session);
        Assert.Null(ritual);
        // The utterance as the recogniser took it: about the speech sent (the pre-roll and trailing silence vary).
        Assert.InRange(seconds, 0.5, words.Length / 32_000.0 + 0.5);
        Assert.Equal(seconds * 0.001, (double)cost, tolerance: 1e-9);
    }

    private static async Task<(string RitualId, long DurationMs)> MakeRitualAsync(WaQupServer server, string user)
    {
        await using var client = await server.ConnectAsync(user);
        await Talk.StartAsync(client);
        await Talk.RequestAsync(client, "affirmation", "calm before my exam", 1);
        var created = await client.WaitForAsync("ritual.created", TimeSpan.FromSeconds(60));
        return ((string)created["ritual_id"]!, (long)created["duration_ms"]!);
    }

    /// <summary>The ritual's costs once the writer has stored a call of <paramref name="provider"/> for it.</summary>
    private static async Task<JsonObject> RitualCostsAsync(HttpClient http, string ritualId, string provider)
    {
        JsonObject? ritual = null;
        await Until.TrueAsync(async () =>
        {
            var response = await http.GetAsync($"/v1/ops/costs/rituals/{ritualId}", TestCancellation);
            ritual = response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonObject>(TestCancellation) : null;
            return ritual?["calls"]?.AsArray().Any(c => (string?)c!["provider"] == provider) == true;
        }, TimeSpan.FromSeconds(20), $"the costs of {ritualId} showed {provider}");
        return ritual!;
    }

    private static async Task<bool> HasReplyCostAsync(WaQupServer server, string user)
    {
        await using var database = NpgsqlDataSource.Create(server.ConnectionString);
        await using var command = database.CreateCommand(
            "SELECT count(*) FROM waqup_provider_costs WHERE user_id = $1 AND session_id IS NOT NULL AND ritual_id IS NULL AND operation = 'speech'");
        command.Parameters.AddWithValue(user);
        return (long)(await command.ExecuteScalarAsync(TestCancellation))! > 0;
    }

    private static HttpClient Operator(WaQupServer server, string password)
    {
        var http = server.HttpFor(null);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"operator:{password}")));
        return http;
    }
}
