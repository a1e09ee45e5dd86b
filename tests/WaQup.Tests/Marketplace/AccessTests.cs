using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Marketplace;

/// <summary>
/// Who may play a pack's rituals (<c>GET /v1/rituals/{id}</c> and its audio): the creator, owners of a pack holding
/// them, anybody while a free pack holding them is published; and libraries listing purchased rituals beside created ones.
/// </summary>
public sealed class AccessTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly Market _market = new(fixture.Server);

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task The_creator_and_the_owners_of_a_paid_pack_play_its_rituals_and_a_stranger_cannot()
    {
        var (creator, ritual, pack) = await _market.PublishedAsync(price: 2);
        var owner = Users.New("owner");
        Assert.Equal(HttpStatusCode.OK, (await _market.BuyAsync(owner, pack, "k")).Status);
        var stranger = Users.New("stranger");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), await PlayAsync(creator, ritual));
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), await PlayAsync(owner, ritual));
        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), await PlayAsync(stranger, ritual));
        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), await PlayAsync(null, ritual));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Owners_keep_playing_a_pack_once_it_is_unpublished()
    {
        var (creator, ritual, pack) = await _market.PublishedAsync(price: 2);
        var owner = Users.New("owner");
        await _market.BuyAsync(owner, pack, "k");

        await _market.SendAsync(creator, HttpMethod.Post, $"/v1/packs/{pack}/unpublish");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), await PlayAsync(owner, ritual));
        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), await PlayAsync(Users.New("stranger"), ritual));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Anybody_plays_a_free_published_pack_and_nobody_else_once_it_is_unpublished()
    {
        var (creator, ritual, pack) = await _market.PublishedAsync(price: 0);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), await PlayAsync(Users.New("stranger"), ritual));

        await _market.SendAsync(creator, HttpMethod.Post, $"/v1/packs/{pack}/unpublish");
        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), await PlayAsync(Users.New("stranger"), ritual));
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), await PlayAsync(creator, ritual));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_free_draft_is_played_by_its_creator_only()
    {
        var creator = Users.New("creator");
        await _market.CreatorAsync(creator);
        var ritual = await _market.RitualAsync(creator);
        await _market.PackAsync(creator, [ritual], price: 0);

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), await PlayAsync(Users.New("stranger"), ritual));
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), await PlayAsync(creator, ritual));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Only_the_owner_of_a_ritual_deletes_it_even_when_others_may_play_it()
    {
        var (_, ritual, _) = await _market.PublishedAsync(price: 0);

        var (status, _) = await _market.SendAsync(Users.New("stranger"), HttpMethod.Delete, $"/v1/rituals/{ritual}");

        Assert.Equal(HttpStatusCode.Forbidden, status);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task The_library_lists_created_and_purchased_rituals_newest_first_each_once()
    {
        var (_, bought, pack) = await _market.PublishedAsync(price: 1);
        var listener = Users.New("listener");
        var own = await _market.RitualAsync(listener, "My own");
        await _market.BuyAsync(listener, pack, "k");
        await _market.BuyAsync(listener, pack, "k2");

        using var http = _market.HttpFor(listener);
        var library = (await http.GetFromJsonAsync<JsonArray>("/v1/library", TestContext.Current.CancellationToken))!;

        Assert.Equal([(own, "created"), (bought, "purchased")], library.Select(i => ((string?)i!["ritual_id"], (string?)i["source"])));
        var item = library[1]!.AsObject();
        Assert.Equal(["ritual_id", "kind", "title", "duration_ms", "created_at", "source"], item.Select(p => p.Key));
        Assert.Equal("Calm mornings", (string?)item["title"]);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_creators_library_lists_their_pack_rituals_as_created()
    {
        var (creator, ritual, pack) = await _market.PublishedAsync(price: 1);
        await _market.BuyAsync(creator, pack, "own");

        using var http = _market.HttpFor(creator);
        var library = (await http.GetFromJsonAsync<JsonArray>("/v1/library", TestContext.Current.CancellationToken))!;

        var item = Assert.Single(library);
        Assert.Equal((ritual, "created"), ((string?)item!["ritual_id"], (string?)item["source"]));
    }

    private async Task<(HttpStatusCode Details, HttpStatusCode Audio)> PlayAsync(string? user, string ritual)
    {
        using var http = _market.HttpFor(user);
        using var details = await http.GetAsync($"/v1/rituals/{ritual}", TestContext.Current.CancellationToken);
        using var audio = await http.GetAsync($"/v1/rituals/{ritual}/audio", TestContext.Current.CancellationToken);
        return (details.StatusCode, audio.StatusCode);
    }
}
