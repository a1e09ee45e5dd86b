using System.Net;
using WaQup.Abstractions.Grains;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Marketplace;

/// <summary>
/// Buying packs with credits: once per buyer and pack whatever keys and retries, 402 when short (and success once
/// credits are bought), the creator's share as one reward entry, the creator's own and free packs, and what the
/// tables count.
/// </summary>
public sealed class PurchaseTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly Market _market = new(fixture.Server);

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Buying_twice_with_one_key_charges_once_and_answers_the_same()
    {
        var (_, _, pack) = await _market.PublishedAsync(price: 5);
        var buyer = Users.New("buyer");

        var first = await _market.BuyAsync(buyer, pack, "key-1");
        var again = await _market.BuyAsync(buyer, pack, "key-1");

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(pack, (string?)first.Body!["pack_id"]);
        Assert.Equal(5, (int)first.Body["credits_charged"]!);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(5, (int)again.Body!["credits_charged"]!);
        var statement = await _market.StatementAsync(buyer);
        Assert.Equal(Market.Welcome - 5, statement.Balance);
        var charge = Assert.Single(statement.Ledger, e => e.Kind == "pack_purchase");
        Assert.Equal(-5, charge.Amount);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_pack_already_owned_bought_with_a_new_key_charges_nothing()
    {
        var (_, _, pack) = await _market.PublishedAsync(price: 4);
        var buyer = Users.New("buyer");
        Assert.Equal(HttpStatusCode.OK, (await _market.BuyAsync(buyer, pack, "first")).Status);

        var second = await _market.BuyAsync(buyer, pack, "second");

        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Equal(0, (int)second.Body!["credits_charged"]!);
        Assert.Equal(Market.Welcome - 4, (await _market.StatementAsync(buyer)).Balance);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Eight_concurrent_purchases_of_one_pack_by_one_buyer_with_different_keys_charge_exactly_once()
    {
        var (creator, _, pack) = await _market.PublishedAsync(price: 3);
        var buyer = Users.New("buyer");
        using (var http = _market.HttpFor(buyer))
        {
            (await http.GetAsync("/v1/me", TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        }

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => _market.BuyAsync(buyer, pack, $"race-{i}")));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.Equal(3, answers.Sum(a => (int)a.Body!["credits_charged"]!));
        var statement = await _market.StatementAsync(buyer);
        Assert.Equal(Market.Welcome - 3, statement.Balance);
        Assert.Single(statement.Ledger, e => e.Kind == "pack_purchase");
        Assert.Single((await _market.StatementAsync(creator)).Ledger, e => e.Kind == "reward");
        Assert.Equal(1L, await _market.ScalarAsync<long>("SELECT purchases FROM waqup_packs WHERE pack_id = $1", pack));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Short_of_credits_answers_402_and_the_same_key_succeeds_once_credits_are_bought()
    {
        var (_, _, pack) = await _market.PublishedAsync(price: 25);
        var buyer = Users.New("buyer");

        var refused = await _market.BuyAsync(buyer, pack, "k");
        Assert.Equal(HttpStatusCode.PaymentRequired, refused.Status);
        Assert.Equal(402, (int)refused.Body!["status"]!);
        Assert.Equal(Market.Welcome, (await _market.StatementAsync(buyer)).Balance);
        Assert.Equal(0L, await _market.ScalarAsync<long>("SELECT count(*) FROM waqup_pack_owners WHERE pack_id = $1", pack));

        await _market.Grains.GetGrain<ICreditGrain>(buyer).CreditAsync("bought-20", 20, "purchase", "20 credits");
        var bought = await _market.BuyAsync(buyer, pack, "k");

        Assert.Equal(HttpStatusCode.OK, bought.Status);
        Assert.Equal(25, (int)bought.Body!["credits_charged"]!);
        Assert.Equal(Market.Welcome + 20 - 25, (await _market.StatementAsync(buyer)).Balance);
    }

    [Theory(Timeout = TestTimeouts.Default)]
    [InlineData(9, 6)]
    [InlineData(90, 63)]
    [InlineData(10, 7)]
    public async Task The_creator_is_rewarded_their_share_rounded_down_exactly_once(int price, int share)
    {
        var (creator, _, pack) = await _market.PublishedAsync(price);
        var buyer = Users.New("buyer");
        await _market.Grains.GetGrain<ICreditGrain>(buyer).CreditAsync("bought", price, "purchase", "credits");

        await _market.BuyAsync(buyer, pack, "a");
        await _market.BuyAsync(buyer, pack, "a");
        await _market.BuyAsync(buyer, pack, "b");

        var rewards = (await _market.StatementAsync(creator)).Ledger.Where(e => e.Kind == "reward").ToArray();
        // price × 0.7, rounded down: 9 → 6 (6.3), 90 → 63 (which doubles make 62.999…).
        Assert.Equal(share, Assert.Single(rewards).Amount);
        var (status, body) = await _market.SendAsync(creator, HttpMethod.Get, "/v1/me/creator/rewards");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(share, (long)body!["balance"]!);
        var listed = Assert.Single(body["ledger"]!.AsArray());
        Assert.Equal(("reward", share), ((string?)listed!["kind"], (int)listed["amount"]!));
        Assert.DoesNotContain(buyer, (string?)listed["id"]);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_creator_buying_their_own_pack_owns_it_already_and_pays_nothing()
    {
        var (creator, _, pack) = await _market.PublishedAsync(price: 5);

        var (status, body) = await _market.BuyAsync(creator, pack, "mine");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(0, (int)body!["credits_charged"]!);
        var statement = await _market.StatementAsync(creator);
        Assert.DoesNotContain(statement.Ledger, e => e.Kind is "pack_purchase" or "reward");
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_free_pack_costs_nothing_and_records_its_ownership()
    {
        var (_, _, pack) = await _market.PublishedAsync(price: 0);
        var buyer = Users.New("buyer");

        var (status, body) = await _market.BuyAsync(buyer, pack, "free");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(0, (int)body!["credits_charged"]!);
        Assert.Equal(Market.Welcome, (await _market.StatementAsync(buyer)).Balance);
        Assert.Equal(1L, await _market.ScalarAsync<long>("SELECT count(*) FROM waqup_pack_owners WHERE pack_id = $1 AND user_id = $2", pack, buyer));
        Assert.True((bool)(await _market.SendAsync(buyer, HttpMethod.Get, $"/v1/packs/{pack}")).Body!["owned"]!);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_purchase_counts_on_the_pack_and_on_the_creators_day()
    {
        var (creator, _, pack) = await _market.PublishedAsync(price: 10);

        await _market.BuyAsync(Users.New("buyer"), pack, "x");
        await _market.BuyAsync(Users.New("buyer"), pack, "x");

        var (status, body) = await _market.SendAsync(creator, HttpMethod.Get, "/v1/me/creator/analytics");
        Assert.Equal(HttpStatusCode.OK, status);
        var today = body!["days"]!.AsArray().Last()!;
        Assert.Equal(DateTime.UtcNow.ToString("yyyy-MM-dd"), (string?)today["date"]);
        Assert.Equal((2L, 14L), ((long)today["purchases"]!, (long)today["credits_earned"]!));
        Assert.Equal(2L, (long)(await _market.SendAsync(creator, HttpMethod.Get, $"/v1/packs/{pack}")).Body!["purchases"]!);
    }

    public static TheoryData<string> BadKeys => ["", new string('k', 256)];

    [Theory(Timeout = TestTimeouts.Default)]
    [MemberData(nameof(BadKeys))]
    public async Task A_purchase_without_a_usable_idempotency_key_is_refused_with_400(string key)
    {
        var (_, _, pack) = await _market.PublishedAsync();
        var buyer = Users.New("buyer");

        var (status, _) = await _market.BuyAsync(buyer, pack, key.Length == 0 ? null : key);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.DoesNotContain((await _market.StatementAsync(buyer)).Ledger, e => e.Kind == "pack_purchase");
        Assert.Equal(0L, await _market.ScalarAsync<long>("SELECT count(*) FROM waqup_pack_owners WHERE pack_id = $1", pack));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_key_of_255_characters_is_accepted()
    {
        var (_, _, pack) = await _market.PublishedAsync();

        Assert.Equal(HttpStatusCode.OK, (await _market.BuyAsync(Users.New("buyer"), pack, new string('k', 255))).Status);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Packs_not_published_or_not_there_are_not_for_sale()
    {
        var creator = Users.New("creator");
        await _market.CreatorAsync(creator);
        var draft = await _market.PackAsync(creator, [await _market.RitualAsync(creator)]);
        var (seller, _, unpublished) = await _market.PublishedAsync();
        Assert.Equal(HttpStatusCode.OK, (await _market.SendAsync(seller, HttpMethod.Post, $"/v1/packs/{unpublished}/unpublish")).Status);
        var buyer = Users.New("buyer");

        Assert.Equal(HttpStatusCode.NotFound, (await _market.BuyAsync(buyer, draft, "k")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _market.BuyAsync(buyer, unpublished, "k")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _market.BuyAsync(buyer, $"pk_{Guid.NewGuid():N}", "k")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _market.BuyAsync(buyer, "not-a-pack", "k")).Status);
        Assert.Equal(Market.Welcome, (await _market.StatementAsync(buyer)).Balance);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_purchase_without_a_token_is_refused_with_401()
    {
        var (_, _, pack) = await _market.PublishedAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, (await _market.BuyAsync(null!, pack, "k")).Status);
    }
}
