namespace WaQup.Grains.Configuration;

/// <summary>
/// What can be bought (section <c>Billing</c>): credit packs, paid once, and monthly plans, whose credits come with
/// each paid invoice. Amounts are in the currency's minor unit (cents). A configured list replaces the defaults.
/// </summary>
public sealed class BillingOptions
{
    public static readonly IReadOnlyList<CreditPackOption> DefaultPacks =
    [
        new() { PackId = "starter", Name = "20 credits", Credits = 20, Amount = 499, Currency = "usd" },
        new() { PackId = "plus", Name = "60 credits", Credits = 60, Amount = 1299, Currency = "usd" },
        new() { PackId = "max", Name = "150 credits", Credits = 150, Amount = 2999, Currency = "usd" },
    ];

    public static readonly IReadOnlyList<PlanOption> DefaultPlans =
    [
        new() { PlanId = "monthly", Name = "Monthly", CreditsPerMonth = 60, Amount = 999, Currency = "usd" },
    ];

    public List<CreditPackOption>? Packs { get; set; }

    public List<PlanOption>? Plans { get; set; }

    public IReadOnlyList<CreditPackOption> EffectivePacks => Packs is { Count: > 0 } packs ? packs : DefaultPacks;

    public IReadOnlyList<PlanOption> EffectivePlans => Plans is { Count: > 0 } plans ? plans : DefaultPlans;

    public CreditPackOption? Pack(string packId) => EffectivePacks.FirstOrDefault(p => p.PackId == packId);

    public PlanOption? Plan(string planId) => EffectivePlans.FirstOrDefault(p => p.PlanId == planId);
}

/// <summary>A pack of credits bought once.</summary>
public sealed class CreditPackOption
{
    public string PackId { get; set; } = "";

    /// <summary>What Stripe Checkout and the receipt call it.</summary>
    public string Name { get; set; } = "";

    public int Credits { get; set; }

    public long Amount { get; set; }

    public string Currency { get; set; } = "usd";

    /// <summary>A Price made in the Stripe dashboard; without one, Checkout is given the name and amount above.</summary>
    public string? StripePriceId { get; set; }
}

/// <summary>A monthly subscription: <see cref="CreditsPerMonth"/> with each paid invoice.</summary>
public sealed class PlanOption
{
    public string PlanId { get; set; } = "";

    public string Name { get; set; } = "";

    public int CreditsPerMonth { get; set; }

    public long Amount { get; set; }

    public string Currency { get; set; } = "usd";

    /// <summary>A recurring Price made in the Stripe dashboard; without one, Checkout is given a monthly price of the amount above.</summary>
    public string? StripePriceId { get; set; }
}
