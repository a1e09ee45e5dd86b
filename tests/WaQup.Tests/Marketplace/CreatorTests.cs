using System.Net;
using System.Text;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Marketplace;

/// <summary>Becoming a creator, the profile's rules, and the creator-only analytics and rewards.</summary>
public sealed class CreatorTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly Market _market = new(fixture.Server);

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Becoming_a_creator_twice_keeps_one_public_id_that_is_not_the_user_id()
    {
        var user = Users.New("creator");

        var (status, first) = await _market.SendAsync(user, HttpMethod.Put, "/v1/me/creator", new { display_name = " Ada  Calm ", bio = "Calm things." });
        var (_, second) = await _market.SendAsync(user, HttpMethod.Put, "/v1/me/creator", new { display_name = "Ada", bio = "" });

        Assert.Equal(HttpStatusCode.OK, status);
        var id = (string?)first!["creator_id"];
        Assert.Matches("^cr_[0-9a-f]{32}$", id);
        Assert.DoesNotContain(user, id);
        Assert.Equal(("Ada Calm", "Calm things."), ((string?)first["display_name"], (string?)first["bio"]));
        Assert.Equal((id, "Ada", ""), ((string?)second!["creator_id"], (string?)second["display_name"], (string?)second["bio"]));
        Assert.Equal("Ada", await _market.ScalarAsync<string>("SELECT display_name FROM waqup_creators WHERE creator_id = $1 AND user_id = $2", id!, user));
        Assert.Equal(id, (string?)(await _market.SendAsync(user, HttpMethod.Get, "/v1/me/creator")).Body!["creator_id"]);
    }

    public static TheoryData<string> BadProfiles =>
    [
        """{"bio": "no name"}""",
        """{"display_name": "", "bio": ""}""",
        """{"display_name": "   "}""",
        $$"""{"display_name": "{{new string('n', 61)}}"}""",
        $$"""{"display_name": "Ada", "bio": "{{new string('b', 1001)}}"}""",
        """{"display_name": 5}""",
        """{"display_name": "Ada", "bio": null}""",
        """{"display_name": "Ada", "website": "x"}""",
        """{"display_name": "A\u0000da"}""",
        "not json",
    ];

    [Theory(Timeout = TestTimeouts.Default)]
    [MemberData(nameof(BadProfiles))]
    public async Task A_malformed_creator_profile_is_refused_with_400_and_makes_no_creator(string json)
    {
        var user = Users.New("creator");

        var (status, _) = await _market.SendAsync(user, HttpMethod.Put, "/v1/me/creator", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(HttpStatusCode.NotFound, (await _market.SendAsync(user, HttpMethod.Get, "/v1/me/creator")).Status);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task The_longest_name_and_bio_are_accepted()
    {
        var (status, _) = await _market.SendAsync(Users.New("creator"), HttpMethod.Put, "/v1/me/creator",
            new { display_name = new string('n', 60), bio = new string('b', 1000) });

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Analytics_and_rewards_are_for_creators_only_and_need_a_token()
    {
        var listener = Users.New("listener");

        Assert.Equal(HttpStatusCode.Forbidden, (await _market.SendAsync(listener, HttpMethod.Get, "/v1/me/creator/analytics")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await _market.SendAsync(listener, HttpMethod.Get, "/v1/me/creator/rewards")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _market.SendAsync(null, HttpMethod.Get, "/v1/me/creator/analytics")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _market.SendAsync(null, HttpMethod.Get, "/v1/me/creator/rewards")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _market.SendAsync(null, HttpMethod.Put, "/v1/me/creator", new { display_name = "Ada" })).Status);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Analytics_answers_every_day_of_the_range_with_zeros_and_the_last_30_days_by_default()
    {
        var creator = Users.New("creator");
        await _market.CreatorAsync(creator);

        var (status, body) = await _market.SendAsync(creator, HttpMethod.Get, "/v1/me/creator/analytics?from=2024-02-27&to=2024-03-02");
        var (_, standard) = await _market.SendAsync(creator, HttpMethod.Get, "/v1/me/creator/analytics");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["2024-02-27", "2024-02-28", "2024-02-29", "2024-03-01", "2024-03-02"], body!["days"]!.AsArray().Select(d => (string?)d!["date"]));
        var day = body["days"]![0]!.AsObject();
        Assert.Equal(["date", "plays", "completions", "purchases", "credits_earned"], day.Select(p => p.Key));
        Assert.All(day.Where(p => p.Key != "date"), p => Assert.Equal(0L, (long)p.Value!));
        var days = standard!["days"]!.AsArray();
        Assert.Equal(30, days.Count);
        Assert.Equal(DateTime.UtcNow.ToString("yyyy-MM-dd"), (string?)days[^1]!["date"]);
    }

    public static TheoryData<string> BadRanges =>
    [
        "?from=2024-13-01",
        "?from=yesterday",
        "?to=2024-1-5",
        "?from=2024-03-02&to=2024-03-01",
        "?from=2023-01-01&to=2024-01-02",
        "?from=2024-01-01&from=2024-01-02",
        "?to=",
    ];

    [Theory(Timeout = TestTimeouts.Default)]
    [MemberData(nameof(BadRanges))]
    public async Task Analytics_refuses_a_bad_date_or_range_with_400(string query)
    {
        var creator = Users.New("creator");
        await _market.CreatorAsync(creator);

        Assert.Equal(HttpStatusCode.BadRequest, (await _market.SendAsync(creator, HttpMethod.Get, $"/v1/me/creator/analytics{query}")).Status);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_range_of_366_days_is_answered()
    {
        var creator = Users.New("creator");
        await _market.CreatorAsync(creator);

        var (status, body) = await _market.SendAsync(creator, HttpMethod.Get, "/v1/me/creator/analytics?from=2024-01-01&to=2024-12-31");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(366, body!["days"]!.AsArray().Count);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_new_creators_rewards_are_empty()
    {
        var creator = Users.New("creator");
        await _market.CreatorAsync(creator);

        var (status, body) = await _market.SendAsync(creator, HttpMethod.Get, "/v1/me/creator/rewards");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(0L, (long)body!["balance"]!);
        Assert.Empty(body["ledger"]!.AsArray());
    }
}
