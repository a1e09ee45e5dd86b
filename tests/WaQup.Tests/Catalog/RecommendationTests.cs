using System.Net;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Catalog;

/// <summary>
/// <c>GET /v1/recommendations</c>: from what the caller owns and made, from what owners of the same packs own, and by
/// topic for someone with no history; never a pack the caller owns or made. Tags are each test's own, and no test
/// gives one tag to more packs than the cold start's does, so that its topic leads.
/// </summary>
public sealed class RecommendationTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IAsyncDisposable
{
    private readonly MarketRows _rows = new(fixture.Server);

    public ValueTask DisposeAsync() => _rows.DisposeAsync();

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Someone_with_no_history_gets_the_most_popular_packs_of_the_commonest_topic_first()
    {
        var topic = MarketRows.Word();
        var packs = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            packs.Add(await _rows.PackAsync(new TestPack($"Topic {i}") { Tags = [topic], Plays = 1_000_000_000L + i }));
        }

        var items = await RecommendAsync(Users.New());

        Assert.InRange(items.Length, 8, 20);
        Assert.Equal(packs[^1], items[0]);
        Assert.Equal(items.Length, items.Distinct().Count());
        Assert.Equal(items, await RecommendAsync(Users.New()));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Packs_sharing_tags_with_what_the_caller_owns_come_before_packs_that_share_nothing()
    {
        var (listener, tag, other) = (Users.New(), MarketRows.Word(), MarketRows.Word());
        var owned = await _rows.PackAsync(new TestPack("Owned") { Tags = [tag], Kinds = ["affirmation"] });
        await _rows.OwnAsync(listener, owned);
        var alike = await _rows.PackAsync(new TestPack("Alike") { Tags = [tag], Kinds = ["ritual"] });
        var unlike = await _rows.PackAsync(new TestPack("Unlike") { Tags = [other], Kinds = ["ritual"], Plays = 5_000_000_000L });

        var items = await RecommendAsync(listener);

        Assert.Equal(alike, items[0]);
        Assert.DoesNotContain(owned, items);
        if (Array.IndexOf(items, unlike) is var at and >= 0)
        {
            Assert.True(at > 0);
        }
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task The_kinds_of_the_callers_own_rituals_lead_to_packs_of_that_kind()
    {
        var (maker, tag) = (Users.New(), MarketRows.Word());
        await _rows.RitualAsync(maker, "affirmation");
        var affirmations = await _rows.PackAsync(new TestPack("Affirmations") { Tags = [tag], Kinds = ["affirmation"], Plays = 3 });

        Assert.Contains(affirmations, await RecommendAsync(maker));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task What_other_owners_of_the_callers_packs_own_is_recommended_first()
    {
        var (listener, neighbour) = (Users.New(), Users.New());
        var shared = await _rows.PackAsync(new TestPack("Shared") { Tags = [MarketRows.Word()] });
        var theirs = await _rows.PackAsync(new TestPack("Theirs") { Tags = [MarketRows.Word()], Kinds = ["ritual"] });
        await _rows.OwnAsync(listener, shared);
        await _rows.OwnAsync(neighbour, shared);
        await _rows.OwnAsync(neighbour, theirs);

        var items = await RecommendAsync(listener);

        Assert.Equal(theirs, items[0]);
        Assert.DoesNotContain(shared, items);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task What_other_listeners_of_the_callers_plays_also_played_is_recommended_first_and_what_they_played_is_not()
    {
        var (listener, neighbour) = (Users.New(), Users.New());
        var heard = await _rows.PackAsync(new TestPack("Heard") { Tags = [MarketRows.Word()] });
        var alsoPlayed = await _rows.PackAsync(new TestPack("Also played") { Tags = [MarketRows.Word()], Kinds = ["ritual"] });
        await _rows.PlayAsync(listener, heard);
        await _rows.PlayAsync(neighbour, heard);
        await _rows.PlayAsync(neighbour, alsoPlayed);

        var items = await RecommendAsync(listener);

        Assert.Equal(alsoPlayed, items[0]);
        Assert.DoesNotContain(heard, items);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Packs_the_caller_owns_or_made_are_never_recommended()
    {
        var maker = Users.New();
        var tag = MarketRows.Word();
        var creator = await _rows.CreatorAsync(maker);
        var made = await _rows.PackAsync(new TestPack("Made") { Tags = [tag], CreatorId = creator, CreatorUserId = maker, Plays = 9_000_000_000L });
        var bought = await _rows.PackAsync(new TestPack("Bought") { Tags = [tag], Plays = 9_000_000_001L });
        await _rows.OwnAsync(maker, bought);
        var draft = await _rows.PackAsync(new TestPack("Draft") { Tags = [tag], Status = "draft", Plays = 9_000_000_002L });
        await _rows.PackAsync(new TestPack("Somebody else's") { Tags = [MarketRows.Word()] });

        var items = await RecommendAsync(maker);

        Assert.NotEmpty(items);
        Assert.DoesNotContain(made, items);
        Assert.DoesNotContain(bought, items);
        Assert.DoesNotContain(draft, items);
        Assert.Contains(made, await RecommendAsync(Users.New()));
    }

    private async Task<string[]> RecommendAsync(string userId)
    {
        var (status, body) = await _rows.GetAsync(userId, "/v1/recommendations");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["items"], body.Select(p => p.Key));
        return MarketRows.Ids(body);
    }
}
