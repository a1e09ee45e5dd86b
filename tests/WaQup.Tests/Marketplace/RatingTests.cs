using System.Net;
using System.Text;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Marketplace;

/// <summary>Ratings: owners only, never the creator, one per owner with the last one standing, and the pack's exact mean.</summary>
public sealed class RatingTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly Market _market = new(fixture.Server);

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task An_owners_last_rating_stands_and_the_pack_shows_the_mean_of_every_owners_last()
    {
        var (_, _, pack) = await _market.PublishedAsync(price: 1);
        var first = Users.New("owner");
        var second = Users.New("owner");
        await _market.BuyAsync(first, pack, "k");
        await _market.BuyAsync(second, pack, "k");

        await RateAsync(first, pack, 5);
        await RateAsync(first, pack, 2);
        var (status, body) = await RateAsync(second, pack, 5);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((3.5, 2L, 5), ((double)body!["rating"]!, (long)body["rating_count"]!, (int)body["stars"]!));
        var seen = (await _market.SendAsync(Users.New("stranger"), HttpMethod.Get, $"/v1/packs/{pack}")).Body!;
        Assert.Equal((3.5, 2L), ((double)seen["rating"]!, (long)seen["rating_count"]!));
        Assert.Equal(7L, await _market.ScalarAsync<long>("SELECT rating_sum FROM waqup_packs WHERE pack_id = $1", pack));
        Assert.Equal(2L, await _market.ScalarAsync<long>("SELECT rating_count FROM waqup_packs WHERE pack_id = $1", pack));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Someone_who_does_not_own_the_pack_and_its_creator_may_not_rate_it()
    {
        var (creator, _, pack) = await _market.PublishedAsync(price: 1);

        Assert.Equal(HttpStatusCode.Forbidden, (await RateAsync(Users.New("stranger"), pack, 4)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await RateAsync(creator, pack, 5)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RateAsync(null, pack, 5)).Status);
        Assert.Equal(0L, await _market.ScalarAsync<long>("SELECT rating_count FROM waqup_packs WHERE pack_id = $1", pack));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_draft_or_unknown_pack_is_not_found_for_rating()
    {
        var creator = Users.New("creator");
        await _market.CreatorAsync(creator);
        var draft = await _market.PackAsync(creator, [await _market.RitualAsync(creator)]);

        Assert.Equal(HttpStatusCode.NotFound, (await RateAsync(Users.New("stranger"), draft, 4)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await RateAsync(Users.New("stranger"), $"pk_{Guid.NewGuid():N}", 4)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await RateAsync(Users.New("stranger"), "pk_nope", 4)).Status);
    }

    public static TheoryData<string> BadRatings => ["""{"stars": 0}""", """{"stars": 6}""", """{"stars": 4.5}""", """{"stars": "5"}""", """{}""", """{"stars": 5, "note": "x"}""", "[5]"];

    [Theory(Timeout = TestTimeouts.Default)]
    [MemberData(nameof(BadRatings))]
    public async Task A_malformed_rating_is_refused_with_400(string json)
    {
        var (_, _, pack) = await _market.PublishedAsync(price: 0);
        var owner = Users.New("owner");
        await _market.BuyAsync(owner, pack, "k");

        var (status, _) = await _market.SendAsync(owner, HttpMethod.Post, $"/v1/packs/{pack}/rating", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    private Task<(HttpStatusCode Status, System.Text.Json.Nodes.JsonObject? Body)> RateAsync(string? user, string pack, int stars) =>
        _market.SendAsync(user, HttpMethod.Post, $"/v1/packs/{pack}/rating", new { stars });
}
