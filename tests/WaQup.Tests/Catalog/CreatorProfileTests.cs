using System.Net;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Catalog;

/// <summary><c>GET /v1/creators/{creator_id}</c>: a creator's public profile and their published packs, newest first.</summary>
public sealed class CreatorProfileTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IAsyncDisposable
{
    private readonly MarketRows _rows = new(fixture.Server);

    public ValueTask DisposeAsync() => _rows.DisposeAsync();

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_profile_shows_the_name_the_bio_and_the_published_packs_newest_first_without_the_user_id()
    {
        var maker = Users.New();
        var creator = await _rows.CreatorAsync(maker, "Ines Calm", "Ten years of teaching breath.");
        var now = DateTimeOffset.UtcNow;
        var older = await _rows.PackAsync(new TestPack("Older") { CreatorId = creator, CreatorUserId = maker, PublishedAt = now.AddDays(-2) });
        var newer = await _rows.PackAsync(new TestPack("Newer") { CreatorId = creator, CreatorUserId = maker, PublishedAt = now.AddDays(-1) });
        await _rows.PackAsync(new TestPack("Draft") { CreatorId = creator, CreatorUserId = maker, Status = "draft" });
        await _rows.PackAsync(new TestPack("Withdrawn") { CreatorId = creator, CreatorUserId = maker, Status = "unpublished" });

        var (status, body) = await _rows.GetAsync(Users.New(), $"/v1/creators/{creator}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["creator_id", "display_name", "bio", "packs"], body.Select(p => p.Key));
        Assert.Equal(creator, (string?)body["creator_id"]);
        Assert.Equal("Ines Calm", (string?)body["display_name"]);
        Assert.Equal("Ten years of teaching breath.", (string?)body["bio"]);
        Assert.Equal([newer, older], MarketRows.Ids(body, "packs"));
        Assert.DoesNotContain(maker, body.ToJsonString(), StringComparison.Ordinal);
        Assert.All(body["packs"]!.AsArray(), p => Assert.False((bool)p!["owned"]!));

        var (_, own) = await _rows.GetAsync(maker, $"/v1/creators/{creator}");
        Assert.All(own["packs"]!.AsArray(), p => Assert.True((bool)p!["owned"]!));
    }

    [Theory(Timeout = TestTimeouts.Default)]
    [InlineData("cr_0123456789abcdef0123456789abcdef")]
    [InlineData("cr_0123")]
    [InlineData("u-123")]
    [InlineData("cr_0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("cr_0123456789abcdef0123456789abcdeg")]
    public async Task An_unknown_creator_or_an_id_of_another_shape_is_not_found(string id)
    {
        var (status, body) = await _rows.GetAsync(Users.New(), $"/v1/creators/{id}");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(404, (int)body["status"]!);
    }
}
