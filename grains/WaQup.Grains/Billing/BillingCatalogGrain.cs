using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using WaQup.Abstractions.Billing;
using WaQup.Grains.Configuration;
using WaQup.Providers.Payments;

namespace WaQup.Grains.Billing;

/// <summary>The packs and plans of the configuration (section <c>Billing</c>), for the api's lists.</summary>
[StatelessWorker]
public sealed class BillingCatalogGrain(IOptions<BillingOptions> options, IPaymentGateway gateway) : Grain, IBillingCatalogGrain
{
    public Task<BillingOffers> GetOffersAsync() => Task.FromResult(new BillingOffers(
        [.. options.Value.EffectivePacks.Select(p => new CreditPackOffer(p.PackId, p.Name, p.Credits, p.Amount, p.Currency))],
        [.. options.Value.EffectivePlans.Select(p => new PlanOffer(p.PlanId, p.Name, p.CreditsPerMonth, p.Amount, p.Currency))],
        gateway.Enabled));
}
