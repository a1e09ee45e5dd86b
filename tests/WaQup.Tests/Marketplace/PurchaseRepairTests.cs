using System.Net;
using Microsoft.Extensions.DependencyInjection;
using WaQup.Grains.Marketplace;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Marketplace;

/// <summary>A purchase interrupted after its credits moved is finished by the buyer's next call, every step once.</summary>
public sealed class PurchaseRepairTests(PurchaseRepairTests.Faulty fixture) : IClassFixture<PurchaseRepairTests.Faulty>
{
    private readonly Market _market = new(fixture.Server);

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_purchase_that_failed_after_charging_is_finished_by_the_next_call_and_charges_once()
    {
        var (creator, ritual, pack) = await _market.PublishedAsync(price: 5);
        var buyer = Users.New("buyer");
        FaultyMarketplaceRecords.FailFirstPurchaseOf(pack);

        var failed = await _market.BuyAsync(buyer, pack, "first");
        Assert.Equal(HttpStatusCode.InternalServerError, failed.Status);

        // Any later call of the buyer's finishes it first; the key of the failed call then answers what it charged.
        var retried = await _market.BuyAsync(buyer, pack, "second");
        var first = await _market.BuyAsync(buyer, pack, "first");

        Assert.Equal((HttpStatusCode.OK, 0), (retried.Status, (int)retried.Body!["credits_charged"]!));
        Assert.Equal((HttpStatusCode.OK, 5), (first.Status, (int)first.Body!["credits_charged"]!));
        var statement = await _market.StatementAsync(buyer);
        Assert.Equal(Market.Welcome - 5, statement.Balance);
        Assert.Single(statement.Ledger, e => e.Kind == "pack_purchase");
        Assert.Single((await _market.StatementAsync(creator)).Ledger, e => e.Kind == "reward");
        Assert.Equal(1L, await _market.ScalarAsync<long>("SELECT purchases FROM waqup_packs WHERE pack_id = $1", pack));
        using var http = _market.HttpFor(buyer);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/v1/rituals/{ritual}", TestContext.Current.CancellationToken)).StatusCode);
    }

    /// <summary>A system whose marketplace tables fail when a test says so.</summary>
    public sealed class Faulty : IAsyncLifetime
    {
        private WaQupServer? _server;

        public WaQupServer Server => _server ?? throw new InvalidOperationException("not started");

        public async ValueTask InitializeAsync() =>
            _server = await WaQupServer.StartAsync(replace: services => services.AddSingleton<IMarketplaceRecords>(
                provider => new FaultyMarketplaceRecords(ActivatorUtilities.CreateInstance<PostgresMarketplaceRecords>(provider))));

        public async ValueTask DisposeAsync()
        {
            if (_server is not null)
            {
                await _server.DisposeAsync();
            }
        }
    }
}
