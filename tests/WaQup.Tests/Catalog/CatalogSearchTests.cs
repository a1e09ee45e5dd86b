using System.Buffers.Text;
using System.Net;
using System.Text;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Catalog;

/// <summary>
/// <c>GET /v1/catalog</c> over a real PostgreSQL: what a query matches and how it ranks, filters, sorts, and cursors
/// that stay put while packs are published. Each test searches for words only it wrote.
/// </summary>
public sealed class CatalogSearchTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IAsyncDisposable
{
    private readonly MarketRows _rows = new(fixture.Server);

    public ValueTask DisposeAsync() => _rows.DisposeAsync();

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_pack_is_found_by_a_word_of_its_title_its_tags_its_description_or_its_script()
    {
        var (title, tag, description, script) = (MarketRows.Word(), MarketRows.Word(), MarketRows.Word(), MarketRows.Word());
        var byTitle = await _rows.PackAsync(new TestPack($"Evening {title}"));
        var byTag = await _rows.PackAsync(new TestPack("Evening calm") { Tags = [tag, "sleep"] });
        var byDescription = await _rows.PackAsync(new TestPack("Evening calm") { Description = $"Rest with {description} tonight." });
        var byScript = await _rows.PackAsync(new TestPack("Evening calm") { Scripts = ["Settle in.", $"Now picture {script} softly."] });

        Assert.Equal([byTitle], await SearchAsync(title + " "));
        Assert.Equal([byTag], await SearchAsync(tag + " "));
        Assert.Equal([byDescription], await SearchAsync(description + " "));
        Assert.Equal([byScript], await SearchAsync(script + " "));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_title_match_ranks_above_a_tag_match_above_a_description_match_above_a_script_match()
    {
        var word = MarketRows.Word();
        // Written weakest first, so that neither newness nor id order could explain the answer.
        var script = await _rows.PackAsync(new TestPack("Calm") { Scripts = [$"{word} {word} {word} and {word} again."] });
        var description = await _rows.PackAsync(new TestPack("Calm") { Description = $"About {word}." });
        var tag = await _rows.PackAsync(new TestPack("Calm") { Tags = [word] });
        var title = await _rows.PackAsync(new TestPack($"{word} at dusk"));

        Assert.Equal([title, tag, description, script], await SearchAsync(word));
        Assert.Equal([title, tag, description, script], await SearchAsync(word, "sort=relevance"));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Words_are_matched_by_their_English_stems_so_breathing_finds_breathe()
    {
        var word = MarketRows.Word();
        var pack = await _rows.PackAsync(new TestPack($"{word} evening") { Scripts = ["Breathe slowly, and relax."] });

        Assert.Equal([pack], await SearchAsync($"{word} breathing "));
        Assert.Equal([pack], await SearchAsync($"{word} breathing"));
        Assert.Equal([pack], await SearchAsync($"{word} relaxes "));
        Assert.Empty(await SearchAsync($"{word} sleeping "));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task The_word_being_typed_matches_as_the_start_of_a_word_until_a_space_finishes_it()
    {
        var word = MarketRows.Word();
        var pack = await _rows.PackAsync(new TestPack($"{word} meditation for sleep"));

        Assert.Equal([pack], await SearchAsync($"{word} medita"));
        Assert.Equal([pack], await SearchAsync($"{word} sle"));
        Assert.Equal([pack], await SearchAsync(word[..8]));
        Assert.Empty(await SearchAsync($"{word} medita "));
        Assert.Empty(await SearchAsync($"{word[..8]} "));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_single_letter_being_typed_is_ignored_until_the_second_arrives()
    {
        var word = MarketRows.Word();
        var pack = await _rows.PackAsync(new TestPack($"{word} evening"));

        Assert.Equal([pack], await SearchAsync($"{word} x"));
        Assert.Empty(await SearchAsync($"{word} xy"));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Relevance_ranks_the_newest_500_matches_and_the_other_sorts_list_them_all()
    {
        var word = MarketRows.Word();
        var now = DateTimeOffset.UtcNow;
        // The oldest match has the word in its title: it would rank first, but it is outside the newest 500.
        var oldest = await _rows.PackAsync(new TestPack($"{word} dawn") { PublishedAt = now.AddDays(-1) });
        for (var i = 0; i < 500; i++)
        {
            await _rows.PackAsync(new TestPack("Dawn") { Scripts = [$"Rise with {word}."], PublishedAt = now.AddSeconds(-600 + i) });
        }

        var relevant = await WalkAsync($"/v1/catalog?q={word}&limit=50");
        var newest = await WalkAsync($"/v1/catalog?q={word}&sort=new&limit=50");

        Assert.Equal(500, relevant.Count);
        Assert.DoesNotContain(oldest, relevant);
        Assert.Equal(501, newest.Count);
        Assert.Equal(oldest, newest[^1]);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Text_search_operators_and_quotes_in_a_query_are_plain_punctuation()
    {
        var word = MarketRows.Word();
        var pack = await _rows.PackAsync(new TestPack($"{word} calm"));

        Assert.Equal([pack], await SearchAsync($"'{word}' & !!| ( calm:* <-> \\ ');--"));
        Assert.Equal([pack], await SearchAsync($"{word}:*"));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Kind_keeps_packs_holding_a_ritual_of_that_kind_and_max_minutes_packs_that_short_in_all()
    {
        var word = MarketRows.Word();
        var both = await _rows.PackAsync(new TestPack(word) { Kinds = ["affirmation", "meditation"], TotalMs = 15 * 60_000 });
        var meditation = await _rows.PackAsync(new TestPack(word) { Kinds = ["meditation"], TotalMs = 5 * 60_000 });
        var ritual = await _rows.PackAsync(new TestPack(word) { Kinds = ["ritual"], TotalMs = (10 * 60_000) + 1 });

        Assert.Equal([both], await SearchAsync(word, "kind=affirmation"));
        Assert.Equal([meditation, both], await SearchAsync(word, "kind=meditation&sort=new"));
        Assert.Equal([ritual], await SearchAsync(word, "kind=ritual"));
        Assert.Equal([meditation], await SearchAsync(word, "max_minutes=10"));
        Assert.Equal([ritual, meditation, both], await SearchAsync(word, "max_minutes=15&sort=new"));
        Assert.Equal([both], await SearchAsync(word, "max_minutes=15&kind=affirmation"));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Tag_keeps_packs_carrying_that_exact_tag_whatever_its_case_in_the_query()
    {
        var tag = MarketRows.Word();
        var tagged = await _rows.PackAsync(new TestPack("Morning") { Tags = [tag, "focus"] });
        await _rows.PackAsync(new TestPack("Morning") { Tags = [tag + "x"] });

        Assert.Equal([tagged], await ListAsync($"/v1/catalog?tag={tag}"));
        Assert.Equal([tagged], await ListAsync($"/v1/catalog?tag={tag.ToUpperInvariant()}"));
        Assert.Equal([tagged], await ListAsync($"/v1/catalog?tag={tag}&q=morning"));
        Assert.Empty(await ListAsync($"/v1/catalog?tag={tag[..^1]}"));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Popular_sorts_by_plays_then_purchases_new_by_first_publication_and_rating_puts_unrated_last()
    {
        var word = MarketRows.Word();
        var now = DateTimeOffset.UtcNow;
        var a = await _rows.PackAsync(new TestPack(word) { Plays = 10, Purchases = 1, PublishedAt = now.AddMinutes(-3), Stars = [3] });
        var b = await _rows.PackAsync(new TestPack(word) { Plays = 10, Purchases = 5, PublishedAt = now.AddMinutes(-1) });
        var c = await _rows.PackAsync(new TestPack(word) { Plays = 50, PublishedAt = now.AddMinutes(-2), Stars = [5, 4] });
        var d = await _rows.PackAsync(new TestPack(word) { Plays = 0, PublishedAt = now.AddMinutes(-4), Stars = [5] });

        Assert.Equal([c, b, a, d], await SearchAsync(word, "sort=popular"));
        Assert.Equal([b, c, a, d], await SearchAsync(word, "sort=new"));
        Assert.Equal([d, c, a, b], await SearchAsync(word, "sort=rating"));
        // Equal titles rank equally: the pack id breaks the tie.
        Assert.Equal(new[] { a, b, c, d }.Order(StringComparer.Ordinal), await SearchAsync(word, "sort=relevance"));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Without_a_query_the_newest_packs_come_first()
    {
        var tag = MarketRows.Word();
        var now = DateTimeOffset.UtcNow;
        var older = await _rows.PackAsync(new TestPack("Older") { Tags = [tag], PublishedAt = now.AddHours(-1) });
        var newer = await _rows.PackAsync(new TestPack("Newer") { Tags = [tag], PublishedAt = now.AddMinutes(-1) });

        Assert.Equal([newer, older], await ListAsync($"/v1/catalog?tag={tag}"));
    }

    [Theory(Timeout = TestTimeouts.Default)]
    [InlineData("relevance")]
    [InlineData("popular")]
    [InlineData("new")]
    [InlineData("rating")]
    public async Task Pages_walk_every_match_once_even_while_new_packs_are_published_between_them(string sort)
    {
        var word = MarketRows.Word();
        var now = DateTimeOffset.UtcNow;
        var originals = new List<string>();
        for (var i = 0; i < 23; i++)
        {
            // Ties on purpose (plays, ratings, times, ranks), so the id has to break them.
            originals.Add(await _rows.PackAsync(new TestPack(i % 3 == 0 ? $"{word} dawn" : "Dawn")
            {
                Scripts = [i % 3 == 0 ? "Rise." : $"Rise with {word}."],
                Plays = i % 4,
                Purchases = i % 2,
                Stars = i % 5 == 0 ? [] : [1 + (i % 3)],
                PublishedAt = now.AddSeconds(-100 + (i / 2)),
            }));
        }

        var seen = new List<string>();
        var path = $"/v1/catalog?q={word}&sort={sort}&limit=5";
        var pages = 0;
        while (true)
        {
            var (status, body) = await _rows.GetAsync(Users.New(), path);
            Assert.Equal(HttpStatusCode.OK, status);
            seen.AddRange(MarketRows.Ids(body));
            pages++;
            // Published after the walk began, and more popular, better rated and better matched than any original.
            await _rows.PackAsync(new TestPack($"{word} {word} dawn") { Tags = [word], Plays = 1_000, Purchases = 9, Stars = [5, 5] });
            if ((string?)body["next_cursor"] is not { } cursor)
            {
                break;
            }

            path = $"/v1/catalog?q={word}&sort={sort}&limit=5&cursor={Uri.EscapeDataString(cursor)}";
        }

        Assert.Equal(5, pages);
        Assert.Equal(originals.Order(), seen.Order());
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_cursor_that_is_malformed_edited_or_from_another_query_or_sort_is_refused()
    {
        var word = MarketRows.Word();
        for (var i = 0; i < 3; i++)
        {
            await _rows.PackAsync(new TestPack($"{word} noon"));
        }

        var (_, first) = await _rows.GetAsync(Users.New(), $"/v1/catalog?q={word}&limit=1");
        var cursor = (string)first["next_cursor"]!;
        var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
        // One more digit in the sort field: still well formed, but not what the server wrote.
        var edited = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text.Insert(3, "9")));

        foreach (var bad in new[] { "x", "!!!", cursor[..^2], cursor + "AA", edited, new string('A', 600) })
        {
            await AssertBadRequestAsync($"/v1/catalog?q={word}&limit=1&cursor={Uri.EscapeDataString(bad)}");
        }

        await AssertBadRequestAsync($"/v1/catalog?q={word}%20noon&limit=1&cursor={Uri.EscapeDataString(cursor)}");
        await AssertBadRequestAsync($"/v1/catalog?q={word}&sort=new&limit=1&cursor={Uri.EscapeDataString(cursor)}");
        await AssertBadRequestAsync($"/v1/catalog?q={word}&kind=ritual&limit=1&cursor={Uri.EscapeDataString(cursor)}");
        var (status, _) = await _rows.GetAsync(Users.New(), $"/v1/catalog?q={word}&limit=2&cursor={Uri.EscapeDataString(cursor)}");
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Theory(Timeout = TestTimeouts.Default)]
    [InlineData("kind=song")]
    [InlineData("kind=")]
    [InlineData("sort=best")]
    [InlineData("sort=")]
    [InlineData("max_minutes=0")]
    [InlineData("max_minutes=ten")]
    [InlineData("max_minutes=-5")]
    [InlineData("limit=0")]
    [InlineData("limit=51")]
    [InlineData("limit=x")]
    [InlineData("limit=5&limit=6")]
    [InlineData("tag=")]
    [InlineData("cursor=")]
    public async Task Bad_parameters_are_refused_with_problem_details(string query) =>
        await AssertBadRequestAsync($"/v1/catalog?{query}");

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_query_of_up_to_200_characters_is_answered_and_a_longer_one_refused()
    {
        var (status, _) = await _rows.GetAsync(Users.New(), $"/v1/catalog?q={new string('a', 200)}");
        Assert.Equal(HttpStatusCode.OK, status);
        await AssertBadRequestAsync($"/v1/catalog?q={new string('a', 201)}");
    }

    [Theory(Timeout = TestTimeouts.Default)]
    [InlineData("/v1/catalog")]
    [InlineData("/v1/recommendations")]
    [InlineData("/v1/creators/cr_00000000000000000000000000000000")]
    public async Task Discovery_needs_a_bearer_token(string path)
    {
        using var http = fixture.Server.HttpFor(null);
        using var response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Drafts_and_unpublished_packs_are_never_listed()
    {
        var word = MarketRows.Word();
        var published = await _rows.PackAsync(new TestPack(word) { Tags = [word] });
        await _rows.PackAsync(new TestPack(word) { Tags = [word], Status = "draft" });
        await _rows.PackAsync(new TestPack(word) { Tags = [word], Status = "unpublished" });

        foreach (var sort in new[] { "relevance", "popular", "new", "rating" })
        {
            Assert.Equal([published], await SearchAsync(word, $"sort={sort}"));
        }

        Assert.Equal([published], await ListAsync($"/v1/catalog?tag={word}"));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Owned_is_true_for_the_packs_creator_and_its_owners_and_false_for_anybody_else()
    {
        var (maker, owner, stranger) = (Users.New(), Users.New(), Users.New());
        var word = MarketRows.Word();
        var creator = await _rows.CreatorAsync(maker, "Mara Quiet");
        var pack = await _rows.PackAsync(new TestPack(word) { CreatorId = creator, CreatorUserId = maker, PriceCredits = 5 });
        await _rows.OwnAsync(owner, pack);

        foreach (var (user, owned) in new[] { (maker, true), (owner, true), (stranger, false) })
        {
            var (_, body) = await _rows.GetAsync(user, $"/v1/catalog?q={word}");
            var item = Assert.Single(body["items"]!.AsArray())!;
            Assert.Equal(owned, (bool)item["owned"]!);
            Assert.Equal(creator, (string?)item["creator"]!["creator_id"]);
            Assert.Equal("Mara Quiet", (string?)item["creator"]!["display_name"]);
            Assert.Equal(5, (int)item["price_credits"]!);
        }
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_pack_summary_has_the_shape_of_the_contract_and_the_last_page_a_null_cursor()
    {
        var word = MarketRows.Word();
        await _rows.PackAsync(new TestPack($"{word} noon") { Tags = ["focus", word], Kinds = ["ritual"], TotalMs = 90_000, Stars = [4, 5], Plays = 7 });

        var (status, body) = await _rows.GetAsync(Users.New(), $"/v1/catalog?q={word}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["items", "next_cursor"], body.Select(p => p.Key));
        Assert.Null(body["next_cursor"]);
        var item = Assert.Single(body["items"]!.AsArray())!.AsObject();
        Assert.Equal(
            ["pack_id", "title", "description", "creator", "price_credits", "tags", "kinds", "duration_ms", "ritual_count", "rating", "plays", "published_at", "owned"],
            item.Select(p => p.Key));
        Assert.Equal(["focus", word], item["tags"]!.AsArray().Select(t => (string)t!));
        Assert.Equal(["ritual"], item["kinds"]!.AsArray().Select(t => (string)t!));
        Assert.Equal(90_000, (long)item["duration_ms"]!);
        Assert.Equal(4.5, (double)item["rating"]!);
        Assert.Equal(7, (long)item["plays"]!);
    }

    private async Task<string[]> SearchAsync(string q, string? more = null) =>
        await ListAsync($"/v1/catalog?q={Uri.EscapeDataString(q)}{(more is null ? "" : "&" + more)}");

    private async Task<List<string>> WalkAsync(string path)
    {
        var ids = new List<string>();
        var next = path;
        while (true)
        {
            var (status, body) = await _rows.GetAsync(Users.New(), next);
            Assert.Equal(HttpStatusCode.OK, status);
            ids.AddRange(MarketRows.Ids(body));
            if ((string?)body["next_cursor"] is not { } cursor)
            {
                return ids;
            }

            next = $"{path}&cursor={Uri.EscapeDataString(cursor)}";
        }
    }

    private async Task<string[]> ListAsync(string path)
    {
        var (status, body) = await _rows.GetAsync(Users.New(), path);
        Assert.True(status == HttpStatusCode.OK, $"{path}: {status} {body.ToJsonString()}");
        return MarketRows.Ids(body);
    }

    private async Task AssertBadRequestAsync(string path)
    {
        using var http = fixture.Server.HttpFor(Users.New());
        using var response = await http.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path}: {response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
