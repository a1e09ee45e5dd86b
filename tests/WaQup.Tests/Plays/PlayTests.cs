using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WaQup.Abstractions.Grains;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Plays;

/// <summary>
/// <c>POST /v1/plays</c> against a running system: what counts and completes, who may play what, what a creator earns
/// and what their own plays do not, and every malformed or out-of-order event refused. The server here allows a player
/// an hour's head start (<c>Plays:Grace</c>), so that plays count without waiting; the clock rules are
/// <see cref="PlayRulesSpecs"/>.
/// </summary>
public sealed class PlayTests(PlayTests.Fixture fixture) : IClassFixture<PlayTests.Fixture>
{
    private WaQupServer Server => fixture.Server;

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Playing_ones_own_ritual_to_the_end_counts_it_completes_it_and_shows_on_me()
    {
        var listener = Users.New();
        var ritual = await RitualAsync(listener, durationMs: 150_000);

        var started = await PlayAsync(listener, ritual, "start", 0);
        var halfway = await PlayAsync(listener, ritual, "progress", 75_000);
        var done = await PlayAsync(listener, ritual, "complete", 150_000);

        Assert.Equal((HttpStatusCode.Accepted, false), (started.Status, (bool)started.Body!["counted"]!));
        Assert.Equal((HttpStatusCode.Accepted, true, false), (halfway.Status, (bool)halfway.Body!["counted"]!, (bool)halfway.Body["completed"]!));
        Assert.Equal((HttpStatusCode.Accepted, true), (done.Status, (bool)done.Body!["completed"]!));
        var listening = (await Server.GetJsonAsync<JsonObject>(listener, "/v1/me"))["listening"]!;
        Assert.Equal((1, 1, 2), ((int)listening["streak_days"]!, (int)listening["longest_streak_days"]!, (int)listening["total_minutes"]!));
    }

    [Theory(Timeout = TestTimeouts.Default)]
    [InlineData("progress")]
    [InlineData("complete")]
    public async Task An_event_before_the_play_started_is_refused_as_out_of_order(string what)
    {
        var listener = Users.New();
        var ritual = await RitualAsync(listener, durationMs: 60_000);

        var early = await PlayAsync(listener, ritual, what, 30_000);

        Assert.Equal(HttpStatusCode.Conflict, early.Status);
        Assert.Equal(0, await CountedPlaysAsync(listener));
    }

    [Theory(Timeout = TestTimeouts.Default)]
    [InlineData("""{"ritual_id":"RITUAL","event":"start"}""")]
    [InlineData("""{"ritual_id":"RITUAL","position_ms":0}""")]
    [InlineData("""{"event":"start","position_ms":0}""")]
    [InlineData("""{"ritual_id":"RITUAL","event":"pause","position_ms":0}""")]
    [InlineData("""{"ritual_id":"RITUAL","event":"start","position_ms":-1}""")]
    [InlineData("""{"ritual_id":"RITUAL","event":"start","position_ms":1.5}""")]
    [InlineData("""{"ritual_id":"RITUAL","event":"start","position_ms":"0"}""")]
    [InlineData("""{"ritual_id":"RITUAL","event":"start","position_ms":0,"speed":2}""")]
    [InlineData("""{"ritual_id":7,"event":"start","position_ms":0}""")]
    [InlineData("""["start"]""")]
    [InlineData("""{"ritual_id":""")]
    public async Task A_malformed_play_event_is_refused_with_400(string body)
    {
        var listener = Users.New();
        var ritual = await RitualAsync(listener, durationMs: 60_000);

        using var http = Server.HttpFor(listener);
        using var response = await http.PostAsync("/v1/plays", new StringContent(body.Replace("RITUAL", ritual), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_play_event_needs_a_token_and_a_small_body()
    {
        var ritual = await RitualAsync(Users.New(), durationMs: 60_000);
        using var anonymous = Server.HttpFor(null);
        using var noToken = await anonymous.PostAsJsonAsync("/v1/plays", new { ritual_id = ritual, @event = "start", position_ms = 0 });
        using var http = Server.HttpFor(Users.New());
        using var huge = await http.PostAsync("/v1/plays", new StringContent($$"""{"ritual_id":"{{new string('a', 70_000)}}"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_position_past_the_ritual_end_is_refused()
    {
        var listener = Users.New();
        var ritual = await RitualAsync(listener, durationMs: 60_000);
        await PlayAsync(listener, ritual, "start", 0);

        var past = await PlayAsync(listener, ritual, "progress", 90_000);

        Assert.Equal(HttpStatusCode.BadRequest, past.Status);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Someone_elses_private_ritual_is_forbidden_and_an_unknown_one_not_found()
    {
        var ritual = await RitualAsync(Users.New(), durationMs: 60_000);
        var stranger = Users.New();

        Assert.Equal(HttpStatusCode.Forbidden, (await PlayAsync(stranger, ritual, "start", 0)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await PlayAsync(stranger, $"rit_{Guid.NewGuid():N}", "start", 0)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await PlayAsync(stranger, "not-a-ritual", "start", 0)).Status);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_paid_packs_rituals_play_for_its_owners_and_nobody_else()
    {
        var creator = Users.New("creator");
        var ritual = await RitualAsync(creator, durationMs: 60_000);
        var pack = await PackAsync(creator, ritual, priceCredits: 5);
        var owner = Users.New();
        await OwnAsync(pack, owner);

        Assert.Equal(HttpStatusCode.Accepted, (await PlayAsync(owner, ritual, "start", 0)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await PlayAsync(Users.New(), ritual, "start", 0)).Status);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_creator_is_rewarded_once_a_day_per_listener_however_often_they_replay()
    {
        var creator = Users.New("creator");
        var ritual = await RitualAsync(creator, durationMs: 60_000);
        var pack = await PackAsync(creator, ritual, priceCredits: 0);
        var listener = Users.New();

        for (var round = 0; round < 3; round++)
        {
            await PlayAsync(listener, ritual, "start", 0);
            Assert.True((bool)(await PlayAsync(listener, ritual, "complete", 60_000)).Body!["completed"]!);
        }

        var rewards = await RewardsAsync(creator);
        var reward = Assert.Single(rewards);
        Assert.Equal(1, (int)reward["amount"]!);
        Assert.Equal((3L, 3L, 1L), await CreatorDayAsync(pack));
        Assert.Equal(3L, await PackPlaysAsync(pack));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_creators_own_plays_earn_nothing_and_count_in_no_analytics()
    {
        var creator = Users.New("creator");
        var ritual = await RitualAsync(creator, durationMs: 60_000);
        var pack = await PackAsync(creator, ritual, priceCredits: 0);

        await PlayAsync(creator, ritual, "start", 0);
        Assert.True((bool)(await PlayAsync(creator, ritual, "complete", 60_000)).Body!["completed"]!);

        Assert.Empty(await RewardsAsync(creator));
        Assert.Equal((0L, 0L, 0L), await CreatorDayAsync(pack));
        Assert.Equal(0L, await PackPlaysAsync(pack));
        Assert.Equal(1, await CountedPlaysAsync(creator));
    }

    private async Task<(HttpStatusCode Status, JsonObject? Body)> PlayAsync(string userId, string ritualId, string what, long positionMs)
    {
        using var http = Server.HttpFor(userId);
        using var response = await http.PostAsJsonAsync("/v1/plays", new { ritual_id = ritualId, @event = what, position_ms = positionMs });
        var body = response.StatusCode == HttpStatusCode.Accepted ? await response.Content.ReadFromJsonAsync<JsonObject>() : null;
        return (response.StatusCode, body);
    }

    private async Task<string> RitualAsync(string ownerId, long durationMs)
    {
        var id = $"rit_{Guid.NewGuid():N}";
        var grains = Server.Services.GetRequiredService<IGrainFactory>();
        await grains.GetGrain<IRitualGrain>(id).CreateAsync(new RitualDetails(
            id, ownerId, "meditation", "Morning calm", durationMs, DateTimeOffset.UtcNow, "Breathe in slowly, and let the day begin.",
            "espeak-ng", $"rituals/{id}.ogg", "audio/ogg", false, 0));
        return id;
    }

    /// <summary>A published pack of one ritual, made through the API by its creator.</summary>
    private async Task<string> PackAsync(string creatorUserId, string ritualId, int priceCredits)
    {
        using var http = Server.HttpFor(creatorUserId);
        (await http.PutAsJsonAsync("/v1/me/creator", new { display_name = "A creator", bio = "" })).EnsureSuccessStatusCode();
        using var created = await http.PostAsJsonAsync("/v1/packs", new
        {
            title = "Morning calm",
            description = "A calm start",
            ritual_ids = new[] { ritualId },
            price_credits = priceCredits,
            tags = new[] { "morning" },
        });
        created.EnsureSuccessStatusCode();
        var pack = (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["pack_id"]!;
        (await http.PostAsync($"/v1/packs/{pack}/publish", null)).EnsureSuccessStatusCode();
        return pack;
    }

    private async Task OwnAsync(string packId, string userId)
    {
        using var http = Server.HttpFor(userId);
        using var purchase = new HttpRequestMessage(HttpMethod.Post, $"/v1/packs/{packId}/purchase");
        purchase.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        (await http.SendAsync(purchase)).EnsureSuccessStatusCode();
    }

    private async Task<IReadOnlyList<JsonObject>> RewardsAsync(string creatorUserId)
    {
        var credits = await Server.GetJsonAsync<JsonObject>(creatorUserId, "/v1/me/credits");
        return credits["ledger"]!.AsArray().Select(e => e!.AsObject()).Where(e => (string?)e["kind"] == "reward").ToList();
    }

    private async Task<(long Plays, long Completions, long CreditsEarned)> CreatorDayAsync(string packId)
    {
        await using var database = NpgsqlDataSource.Create(Server.ConnectionString);
        await using var query = database.CreateCommand(
            """
            SELECT coalesce(sum(d.plays), 0)::bigint, coalesce(sum(d.completions), 0)::bigint, coalesce(sum(d.credits_earned), 0)::bigint
            FROM waqup_creator_days d JOIN waqup_packs k ON k.creator_id = d.creator_id WHERE k.pack_id = $1
            """);
        query.Parameters.AddWithValue(packId);
        await using var reader = await query.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    private Task<long> PackPlaysAsync(string packId) => ScalarAsync("SELECT plays FROM waqup_packs WHERE pack_id = $1", packId);

    private async Task<int> CountedPlaysAsync(string userId) => (int)await ScalarAsync("SELECT count(*) FROM waqup_plays WHERE user_id = $1", userId);

    private async Task<long> ScalarAsync(string sql, string value)
    {
        await using var database = NpgsqlDataSource.Create(Server.ConnectionString);
        await using var query = database.CreateCommand(sql);
        query.Parameters.AddWithValue(value);
        return (long)(await query.ExecuteScalarAsync())!;
    }

    /// <summary>One system for the class, its players allowed an hour's head start.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private WaQupServer? _server;

        public WaQupServer Server => _server ?? throw new InvalidOperationException("not started");

        public async ValueTask InitializeAsync() => _server = await WaQupServer.StartAsync(settings: new Dictionary<string, string?> { ["Plays:Grace"] = "01:00:00" });

        public async ValueTask DisposeAsync()
        {
            if (_server is not null)
            {
                await _server.DisposeAsync();
            }
        }
    }
}
