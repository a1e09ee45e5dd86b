using System.Net;
using System.Text.Json.Nodes;
using WaQup.Tests.Infrastructure;
using WaQup.Tests.Plays;

namespace WaQup.Tests.Marketplace;

/// <summary>
/// The marketplace end to end, through the API alone, as the outside acceptance test walks it: a creator publishes a
/// pack; a listener finds it by a word of its title and by one of its ritual's script, buys it twice with one key and
/// is charged once, plays it to the end; the creator sees the purchase and the play in analytics and the rewards in
/// their ledger; a third person can play none of it.
/// </summary>
public sealed class MarketplaceJourneyTests(PlayTests.Fixture fixture) : IClassFixture<PlayTests.Fixture>
{
    private readonly Market _market = new(fixture.Server);

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_pack_is_published_found_bought_once_played_to_the_end_counted_and_rewarded_and_kept_from_strangers()
    {
        var (creator, listener, stranger) = (Users.New("creator"), Users.New("listener"), Users.New("stranger"));
        var (titleWord, scriptWord) = (Word(), Word());
        var ritual = await _market.RitualAsync(creator, title: "Evening stillness", script: $"Breathe in, and let the {scriptWord} settle.", kind: "meditation");
        await _market.CreatorAsync(creator);
        var pack = await _market.PackAsync(creator, [ritual], price: 4, title: $"Quiet {titleWord} evenings");
        Assert.Equal(HttpStatusCode.OK, (await _market.SendAsync(creator, HttpMethod.Post, $"/v1/packs/{pack}/publish")).Status);

        // Found by a word of its title and by a word its ritual says.
        Assert.Contains(pack, await SearchAsync(listener, titleWord));
        Assert.Contains(pack, await SearchAsync(listener, scriptWord));

        // Bought twice with one key: charged once.
        var key = Guid.NewGuid().ToString("N");
        var first = await _market.BuyAsync(listener, pack, key);
        var again = await _market.BuyAsync(listener, pack, key);
        Assert.Equal((HttpStatusCode.OK, 4), (first.Status, (int)first.Body!["credits_charged"]!));
        Assert.Equal((HttpStatusCode.OK, 4), (again.Status, (int)again.Body!["credits_charged"]!));
        Assert.Equal(Market.Welcome - 4, (int)(await _market.SendAsync(listener, HttpMethod.Get, "/v1/me")).Body!["credits"]!["balance"]!);

        // Played to the end.
        Assert.Equal(HttpStatusCode.Accepted, (await PlayAsync(listener, ritual, "start", 0)).Status);
        var done = await PlayAsync(listener, ritual, "complete", 60_000);
        Assert.True((bool)done.Body!["completed"]!);

        // The creator sees it: today's purchase, play and completion, and a reward for the sale and one for the play.
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        var days = (await _market.SendAsync(creator, HttpMethod.Get, $"/v1/me/creator/analytics?from={today}&to={today}")).Body!["days"]!.AsArray();
        var day = Assert.Single(days)!;
        Assert.Equal((1, 1, 1), ((int)day["purchases"]!, (int)day["plays"]!, (int)day["completions"]!));
        var rewards = (await _market.SendAsync(creator, HttpMethod.Get, "/v1/me/creator/rewards")).Body!;
        var entries = rewards["ledger"]!.AsArray().Select(e => e!.AsObject()).ToList();
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.Equal("reward", (string?)e["kind"]));
        Assert.Equal(entries.Sum(e => (int)e["amount"]!), (int)day["credits_earned"]!);
        Assert.Equal((int)rewards["balance"]!, (int)day["credits_earned"]!);

        // A third person can play none of it.
        Assert.Equal(HttpStatusCode.Forbidden, (await _market.SendAsync(stranger, HttpMethod.Get, $"/v1/rituals/{ritual}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await _market.SendAsync(stranger, HttpMethod.Get, $"/v1/rituals/{ritual}/audio")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await PlayAsync(stranger, ritual, "start", 0)).Status);
    }

    /// <summary>A word nobody else's pack has: letters only, so that search reads it as one word.</summary>
    private static string Word() => "zq" + new string(Guid.NewGuid().ToString("N").Where(char.IsLetter).Take(8).ToArray());

    private async Task<IReadOnlyList<string>> SearchAsync(string user, string word)
    {
        var (status, body) = await _market.SendAsync(user, HttpMethod.Get, $"/v1/catalog?q={word}%20");
        Assert.Equal(HttpStatusCode.OK, status);
        return [.. body!["items"]!.AsArray().Select(i => (string)i!["pack_id"]!)];
    }

    private Task<(HttpStatusCode Status, JsonObject? Body)> PlayAsync(string user, string ritual, string what, long positionMs) =>
        _market.SendAsync(user, HttpMethod.Post, "/v1/plays", new { ritual_id = ritual, @event = what, position_ms = positionMs });
}
