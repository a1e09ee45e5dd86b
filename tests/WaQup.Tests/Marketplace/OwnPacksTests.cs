using System.Net;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Marketplace;

/// <summary><c>GET /v1/me/creator/packs</c>: a creator's Studio lists their packs in every status, and nobody else's.</summary>
public sealed class OwnPacksTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly Market _market = new(fixture.Server);

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_creator_sees_their_drafts_and_their_published_and_unpublished_packs_newest_first()
    {
        var (creator, ritual, published) = await _market.PublishedAsync();
        var withdrawn = await _market.PackAsync(creator, [ritual], title: "Evening calm");
        Assert.Equal(HttpStatusCode.OK, (await _market.SendAsync(creator, HttpMethod.Post, $"/v1/packs/{withdrawn}/publish")).Status);
        Assert.Equal(HttpStatusCode.OK, (await _market.SendAsync(creator, HttpMethod.Post, $"/v1/packs/{withdrawn}/unpublish")).Status);
        var draft = await _market.PackAsync(creator, [ritual], title: "Night calm");
        var (otherCreator, _, _) = await _market.PublishedAsync();

        var (status, body) = await _market.SendAsync(creator, HttpMethod.Get, "/v1/me/creator/packs");

        Assert.Equal(HttpStatusCode.OK, status);
        var items = body!["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
        Assert.Equal([draft, withdrawn, published], items.Select(i => (string)i["pack"]!["pack_id"]!));
        Assert.Equal(["draft", "unpublished", "published"], items.Select(i => (string)i["status"]!));
        Assert.All(items, i => Assert.True((bool)i["pack"]!["owned"]!));
        Assert.Equal("Night calm", (string?)items[0]["pack"]!["title"]);
        Assert.NotEqual(creator, otherCreator);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_creator_with_no_packs_gets_an_empty_list_and_someone_who_is_no_creator_is_forbidden()
    {
        var creator = Users.New("creator");
        await _market.CreatorAsync(creator);

        var (mine, body) = await _market.SendAsync(creator, HttpMethod.Get, "/v1/me/creator/packs");
        var (stranger, _) = await _market.SendAsync(Users.New(), HttpMethod.Get, "/v1/me/creator/packs");
        var (anonymous, _) = await _market.SendAsync(null, HttpMethod.Get, "/v1/me/creator/packs");

        Assert.Equal((HttpStatusCode.OK, 0), (mine, body!["items"]!.AsArray().Count));
        Assert.Equal(HttpStatusCode.Forbidden, stranger);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous);
    }
}
