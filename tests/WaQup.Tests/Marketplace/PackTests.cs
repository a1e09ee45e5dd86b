using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Marketplace;

/// <summary>
/// Packs: creating from one's own rituals, the exact shape of a pack, who may see and change it in each status,
/// publishing and unpublishing in any order, refused bodies, and the catalog rows the pack grain keeps.
/// </summary>
public sealed class PackTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly Market _market = new(fixture.Server);

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_creator_makes_a_draft_pack_of_their_rituals_shaped_as_the_protocol_says()
    {
        var creator = Users.New("creator");
        var creatorId = await _market.CreatorAsync(creator, "Ada Calm");
        var first = await _market.RitualAsync(creator, "Breathe", "Breathe in slowly.", "meditation", 120_000);
        var second = await _market.RitualAsync(creator, "Rise", "I rise with the sun.", "affirmation", 30_000);

        var (status, pack) = await _market.SendAsync(creator, HttpMethod.Post, "/v1/packs", new
        {
            title = "  Calm mornings ",
            description = "Two calm things.",
            ritual_ids = new[] { first, second },
            price_credits = 7,
            tags = new[] { "Calm", "MORNING", "calm" },
        });

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Matches("^pk_[0-9a-f]{32}$", (string?)pack!["pack_id"]);
        Assert.Equal("Calm mornings", (string?)pack["title"]);
        Assert.Equal("Two calm things.", (string?)pack["description"]);
        Assert.Equal(creatorId, (string?)pack["creator"]!["creator_id"]);
        Assert.Equal("Ada Calm", (string?)pack["creator"]!["display_name"]);
        Assert.Equal(7, (int)pack["price_credits"]!);
        Assert.Equal(["calm", "morning"], pack["tags"]!.AsArray().Select(t => (string?)t));
        Assert.Equal("draft", (string?)pack["status"]);
        Assert.Equal([first, second], pack["rituals"]!.AsArray().Select(r => (string?)r!["ritual_id"]));
        var breathe = pack["rituals"]![0]!;
        Assert.Equal(("meditation", "Breathe", 120_000L), ((string?)breathe["kind"], (string?)breathe["title"], (long)breathe["duration_ms"]!));
        Assert.True((bool)pack["owned"]!);
        Assert.Null(pack["rating"]);
        Assert.Equal(0L, (long)pack["plays"]!);
        Assert.Equal(pack.ToJsonString(), (await _market.SendAsync(creator, HttpMethod.Get, $"/v1/packs/{pack["pack_id"]}")).Body!.ToJsonString());
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task The_pack_grain_keeps_its_catalog_rows_as_the_migration_describes()
    {
        var creator = Users.New("creator");
        var creatorId = await _market.CreatorAsync(creator);
        var first = await _market.RitualAsync(creator, "Breathe", "Breathe in slowly.", "meditation", 120_000);
        var second = await _market.RitualAsync(creator, "Rise", "I rise with the sun.", "affirmation", 30_000);
        var pack = await _market.PackAsync(creator, [first, second], tags: ["calm", "sleep well"]);

        Assert.Equal("calm sleep well", await _market.ScalarAsync<string>("SELECT tags_text FROM waqup_packs WHERE pack_id = $1", pack));
        var script = await _market.ScalarAsync<string>("SELECT script_text FROM waqup_packs WHERE pack_id = $1", pack);
        Assert.True(script.IndexOf("Breathe in slowly.", StringComparison.Ordinal) < script.IndexOf("I rise with the sun.", StringComparison.Ordinal), script);
        Assert.Equal(["affirmation", "meditation"], await _market.ScalarAsync<string[]>("SELECT kinds FROM waqup_packs WHERE pack_id = $1", pack));
        Assert.Equal(150_000L, await _market.ScalarAsync<long>("SELECT total_ms FROM waqup_packs WHERE pack_id = $1", pack));
        Assert.Equal(2, await _market.ScalarAsync<int>("SELECT ritual_count FROM waqup_packs WHERE pack_id = $1", pack));
        Assert.Equal(creatorId, await _market.ScalarAsync<string>("SELECT creator_id FROM waqup_packs WHERE pack_id = $1", pack));
        Assert.Equal(creator, await _market.ScalarAsync<string>("SELECT creator_user_id FROM waqup_packs WHERE pack_id = $1", pack));
        Assert.Equal(second, await _market.ScalarAsync<string>("SELECT ritual_id FROM waqup_pack_rituals WHERE pack_id = $1 AND position = 2", pack));
        Assert.Equal("draft", await _market.ScalarAsync<string>("SELECT status FROM waqup_packs WHERE pack_id = $1", pack));

        await _market.SendAsync(creator, HttpMethod.Post, $"/v1/packs/{pack}/publish");
        var published = await _market.ScalarAsync<DateTime>("SELECT published_at FROM waqup_packs WHERE pack_id = $1", pack);
        await _market.SendAsync(creator, HttpMethod.Post, $"/v1/packs/{pack}/unpublish");
        await _market.SendAsync(creator, HttpMethod.Post, $"/v1/packs/{pack}/publish");
        await _market.SendAsync(creator, HttpMethod.Patch, $"/v1/packs/{pack}", new { ritual_ids = new[] { second }, title = "Rise only" });

        Assert.Equal(published, await _market.ScalarAsync<DateTime>("SELECT published_at FROM waqup_packs WHERE pack_id = $1", pack));
        Assert.Equal("published", await _market.ScalarAsync<string>("SELECT status FROM waqup_packs WHERE pack_id = $1", pack));
        Assert.Equal("Rise only", await _market.ScalarAsync<string>("SELECT title FROM waqup_packs WHERE pack_id = $1", pack));
        Assert.Equal("I rise with the sun.", await _market.ScalarAsync<string>("SELECT script_text FROM waqup_packs WHERE pack_id = $1", pack));
        Assert.Equal(1L, await _market.ScalarAsync<long>("SELECT count(*) FROM waqup_pack_rituals WHERE pack_id = $1", pack));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Creating_with_one_idempotency_key_twice_makes_one_pack()
    {
        var creator = Users.New("creator");
        await _market.CreatorAsync(creator);
        var ritual = await _market.RitualAsync(creator);
        var body = new { title = "Once", ritual_ids = new[] { ritual } };

        var first = await _market.SendAsync(creator, HttpMethod.Post, "/v1/packs", body, key: "create-1");
        var again = await _market.SendAsync(creator, HttpMethod.Post, "/v1/packs", body, key: "create-1");
        var other = await _market.SendAsync(creator, HttpMethod.Post, "/v1/packs", body, key: "create-2");

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.Status, again.Status));
        Assert.Equal((string?)first.Body!["pack_id"], (string?)again.Body!["pack_id"]);
        Assert.NotEqual((string?)first.Body["pack_id"], (string?)other.Body!["pack_id"]);
        Assert.Equal(2L, await _market.ScalarAsync<long>("SELECT count(*) FROM waqup_packs WHERE creator_user_id = $1", creator));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Only_creators_make_packs_and_only_of_their_own_rituals()
    {
        var listener = Users.New("listener");
        var creator = Users.New("creator");
        await _market.CreatorAsync(creator);
        var theirs = await _market.RitualAsync(listener);
        var mine = await _market.RitualAsync(creator);

        Assert.Equal(HttpStatusCode.Forbidden, (await _market.SendAsync(listener, HttpMethod.Post, "/v1/packs", new { title = "T", ritual_ids = new[] { theirs } })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await _market.SendAsync(creator, HttpMethod.Post, "/v1/packs", new { title = "T", ritual_ids = new[] { mine, theirs } })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await _market.SendAsync(creator, HttpMethod.Post, "/v1/packs", new { title = "T", ritual_ids = new[] { $"rit_{Guid.NewGuid():N}" } })).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _market.SendAsync(null, HttpMethod.Post, "/v1/packs", new { title = "T", ritual_ids = new[] { mine } })).Status);
        Assert.Equal(0L, await _market.ScalarAsync<long>("SELECT count(*) FROM waqup_packs WHERE creator_user_id = $1", creator));
    }

    public static TheoryData<string> BadBodies =>
    [
        """{"ritual_ids": ["rit_00000000000000000000000000000000"]}""",
        """{"title": "T"}""",
        """{"title": "", "ritual_ids": ["rit_00000000000000000000000000000000"]}""",
        $$"""{"title": "{{new string('t', 101)}}", "ritual_ids": ["rit_00000000000000000000000000000000"]}""",
        $$"""{"title": "T", "description": "{{new string('d', 2001)}}", "ritual_ids": ["rit_00000000000000000000000000000000"]}""",
        """{"title": "T", "ritual_ids": []}""",
        """{"title": "T", "ritual_ids": ["rit_00000000000000000000000000000000", "rit_00000000000000000000000000000000"]}""",
        """{"title": "T", "ritual_ids": ["not-a-ritual"]}""",
        """{"title": "T", "ritual_ids": "rit_00000000000000000000000000000000"}""",
        """{"title": "T", "ritual_ids": ["rit_00000000000000000000000000000000"], "price_credits": -1}""",
        """{"title": "T", "ritual_ids": ["rit_00000000000000000000000000000000"], "price_credits": 10001}""",
        """{"title": "T", "ritual_ids": ["rit_00000000000000000000000000000000"], "price_credits": 1.5}""",
        """{"title": "T", "ritual_ids": ["rit_00000000000000000000000000000000"], "price_credits": "5"}""",
        """{"title": "T", "ritual_ids": ["rit_00000000000000000000000000000000"], "tags": ["a","b","c","d","e","f","g","h","i","j","k"]}""",
        $$"""{"title": "T", "ritual_ids": ["rit_00000000000000000000000000000000"], "tags": ["{{new string('t', 31)}}"]}""",
        """{"title": "T", "ritual_ids": ["rit_00000000000000000000000000000000"], "tags": [""]}""",
        """{"title": "T", "ritual_ids": ["rit_00000000000000000000000000000000"], "colour": "blue"}""",
        """{"title": null, "ritual_ids": ["rit_00000000000000000000000000000000"]}""",
        """["title"]""",
        """{"title": "T", """,
    ];

    [Theory(Timeout = TestTimeouts.Default)]
    [MemberData(nameof(BadBodies))]
    public async Task A_malformed_pack_body_is_refused_with_400(string json)
    {
        var creator = Users.New("creator");
        await _market.CreatorAsync(creator);

        var (status, problem) = await _market.SendAsync(creator, HttpMethod.Post, "/v1/packs", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(400, (int)problem!["status"]!);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task An_oversized_pack_body_is_refused_with_413()
    {
        var creator = Users.New("creator");
        var json = $$"""{"title": "T", "description": "{{new string('d', 70_000)}}", "ritual_ids": []}""";

        var (status, _) = await _market.SendAsync(creator, HttpMethod.Post, "/v1/packs", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
    }

    public static TheoryData<string, string> Endpoints =>
    [
        ("POST", "/v1/packs"),
        ("GET", "/v1/packs/{id}"),
        ("PATCH", "/v1/packs/{id}"),
        ("POST", "/v1/packs/{id}/publish"),
        ("POST", "/v1/packs/{id}/unpublish"),
        ("POST", "/v1/packs/{id}/purchase"),
        ("POST", "/v1/packs/{id}/rating"),
        ("PUT", "/v1/me/creator"),
        ("GET", "/v1/me/creator"),
        ("GET", "/v1/me/creator/rewards"),
        ("GET", "/v1/me/creator/analytics"),
    ];

    [Theory(Timeout = TestTimeouts.Default)]
    [MemberData(nameof(Endpoints))]
    public async Task Every_marketplace_endpoint_answers_401_without_a_token(string method, string path)
    {
        var (_, _, pack) = await _market.PublishedAsync();

        var (status, problem) = await _market.SendAsync(null, new HttpMethod(method), path.Replace("{id}", pack), key: "k");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal(401, (int)problem!["status"]!);
    }

    public static TheoryData<string, string> BodyEndpoints =>
    [
        ("POST", "/v1/packs"),
        ("PATCH", "/v1/packs/{id}"),
        ("POST", "/v1/packs/{id}/rating"),
        ("PUT", "/v1/me/creator"),
    ];

    [Theory(Timeout = TestTimeouts.Default)]
    [MemberData(nameof(BodyEndpoints))]
    public async Task Every_marketplace_body_past_64_KiB_is_refused_with_413(string method, string path)
    {
        var (creator, _, pack) = await _market.PublishedAsync();
        var json = $$"""{"title": "{{new string('t', 70_000)}}"}""";

        var (status, _) = await _market.SendAsync(creator, new HttpMethod(method), path.Replace("{id}", pack), new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("Morning calm", (string?)(await _market.SendAsync(creator, HttpMethod.Get, $"/v1/packs/{pack}")).Body!["title"]);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_draft_is_seen_and_changed_by_its_creator_only_and_is_not_there_for_anyone_else()
    {
        var creator = Users.New("creator");
        await _market.CreatorAsync(creator);
        var pack = await _market.PackAsync(creator, [await _market.RitualAsync(creator)]);
        var stranger = Users.New("stranger");

        Assert.Equal(HttpStatusCode.NotFound, (await _market.SendAsync(stranger, HttpMethod.Get, $"/v1/packs/{pack}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _market.SendAsync(stranger, HttpMethod.Patch, $"/v1/packs/{pack}", new { title = "Mine now" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _market.SendAsync(stranger, HttpMethod.Post, $"/v1/packs/{pack}/publish")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _market.SendAsync(null, HttpMethod.Get, $"/v1/packs/{pack}")).Status);
        var (status, body) = await _market.SendAsync(creator, HttpMethod.Patch, $"/v1/packs/{pack}", new { title = "Renamed", price_credits = 0 });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(("Renamed", 0, "draft"), ((string?)body!["title"], (int)body["price_credits"]!, (string?)body["status"]));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Others_who_can_see_a_published_pack_may_not_change_it()
    {
        var (creator, _, pack) = await _market.PublishedAsync();
        var stranger = Users.New("stranger");

        Assert.Equal(HttpStatusCode.OK, (await _market.SendAsync(stranger, HttpMethod.Get, $"/v1/packs/{pack}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await _market.SendAsync(stranger, HttpMethod.Patch, $"/v1/packs/{pack}", new { title = "Mine now" })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await _market.SendAsync(stranger, HttpMethod.Post, $"/v1/packs/{pack}/unpublish")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await _market.SendAsync(stranger, HttpMethod.Post, $"/v1/packs/{pack}/publish")).Status);
        Assert.Equal("Morning calm", (string?)(await _market.SendAsync(creator, HttpMethod.Get, $"/v1/packs/{pack}")).Body!["title"]);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Publishing_twice_is_fine_and_unpublishing_a_draft_or_publishing_a_pack_whose_ritual_was_deleted_is_a_conflict()
    {
        var creator = Users.New("creator");
        await _market.CreatorAsync(creator);
        var ritual = await _market.RitualAsync(creator);
        var pack = await _market.PackAsync(creator, [ritual]);

        Assert.Equal(HttpStatusCode.Conflict, (await _market.SendAsync(creator, HttpMethod.Post, $"/v1/packs/{pack}/unpublish")).Status);
        Assert.Equal(HttpStatusCode.OK, (await _market.SendAsync(creator, HttpMethod.Post, $"/v1/packs/{pack}/publish")).Status);
        var (status, body) = await _market.SendAsync(creator, HttpMethod.Post, $"/v1/packs/{pack}/publish");
        Assert.Equal((HttpStatusCode.OK, "published"), (status, (string?)body!["status"]));
        Assert.Equal("unpublished", (string?)(await _market.SendAsync(creator, HttpMethod.Post, $"/v1/packs/{pack}/unpublish")).Body!["status"]);
        Assert.Equal(HttpStatusCode.OK, (await _market.SendAsync(creator, HttpMethod.Post, $"/v1/packs/{pack}/unpublish")).Status);

        using (var http = _market.HttpFor(creator))
        {
            (await http.DeleteAsync($"/v1/rituals/{ritual}", TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        }

        var (refused, problem) = await _market.SendAsync(creator, HttpMethod.Post, $"/v1/packs/{pack}/publish");
        Assert.Equal(HttpStatusCode.Conflict, refused);
        Assert.Contains(ritual, (string?)problem!["detail"]);
        var unpublished = (await _market.SendAsync(creator, HttpMethod.Get, $"/v1/packs/{pack}")).Body!;
        Assert.Equal("unpublished", (string?)unpublished["status"]);
        // A deleted ritual is no longer listed: nobody could open it.
        Assert.Empty(unpublished["rituals"]!.AsArray());
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task An_unpublished_pack_is_seen_by_its_creator_and_owners_and_not_by_others()
    {
        var (creator, _, pack) = await _market.PublishedAsync(price: 1);
        var owner = Users.New("owner");
        Assert.Equal(HttpStatusCode.OK, (await _market.BuyAsync(owner, pack, "k")).Status);
        await _market.SendAsync(creator, HttpMethod.Post, $"/v1/packs/{pack}/unpublish");

        Assert.Equal(HttpStatusCode.OK, (await _market.SendAsync(creator, HttpMethod.Get, $"/v1/packs/{pack}")).Status);
        var (status, body) = await _market.SendAsync(owner, HttpMethod.Get, $"/v1/packs/{pack}");
        Assert.Equal((HttpStatusCode.OK, true), (status, (bool)body!["owned"]!));
        Assert.Equal(HttpStatusCode.NotFound, (await _market.SendAsync(Users.New("stranger"), HttpMethod.Get, $"/v1/packs/{pack}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await _market.SendAsync(owner, HttpMethod.Patch, $"/v1/packs/{pack}", new { title = "x" })).Status);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Editing_a_published_pack_checks_its_rituals_and_reindexes_it()
    {
        var (creator, _, pack) = await _market.PublishedAsync();
        var other = await _market.RitualAsync(Users.New("someone"));
        var another = await _market.RitualAsync(creator, script: "Waves wash the worry away.");

        Assert.Equal(HttpStatusCode.Forbidden, (await _market.SendAsync(creator, HttpMethod.Patch, $"/v1/packs/{pack}", new { ritual_ids = new[] { other } })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await _market.SendAsync(creator, HttpMethod.Patch, $"/v1/packs/{pack}", new { price_credits = 20_000 })).Status);
        var (status, body) = await _market.SendAsync(creator, HttpMethod.Patch, $"/v1/packs/{pack}", new { ritual_ids = new[] { another }, tags = new[] { "Ocean" } });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(("published", "ocean"), ((string?)body!["status"], (string?)body["tags"]![0]));
        Assert.Equal(1L, await _market.ScalarAsync<long>(
            "SELECT count(*) FROM waqup_packs WHERE pack_id = $1 AND search @@ plainto_tsquery('english', 'waves ocean')", pack));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_pack_id_of_the_wrong_shape_or_unknown_is_not_found()
    {
        var user = Users.New("u");

        Assert.Equal(HttpStatusCode.NotFound, (await _market.SendAsync(user, HttpMethod.Get, "/v1/packs/nope")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _market.SendAsync(user, HttpMethod.Get, $"/v1/packs/pk_{Guid.NewGuid():N}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _market.SendAsync(user, HttpMethod.Patch, $"/v1/packs/pk_{Guid.NewGuid():N}", new { title = "x" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _market.SendAsync(user, HttpMethod.Post, $"/v1/packs/pk_{Guid.NewGuid():N}/publish")).Status);
    }
}
