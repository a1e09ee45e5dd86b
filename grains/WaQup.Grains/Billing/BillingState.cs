using WaQup.Abstractions.Billing;

namespace WaQup.Grains.Billing;

/// <summary>A user's payments: their Stripe customer, their subscription, and what each paid purchase granted.</summary>
[GenerateSerializer, Alias("waqup.BillingState")]
public sealed class BillingState
{
    [Id(0)]
    public string? CustomerId { get; set; }

    [Id(1)]
    public string? SubscriptionId { get; set; }

    [Id(2)]
    public string? PlanId { get; set; }

    /// <summary>none, active, past_due or canceled.</summary>
    [Id(3)]
    public string Status { get; set; } = SubscriptionStatuses.None;

    [Id(4)]
    public DateTimeOffset? CurrentPeriodEnd { get; set; }

    /// <summary>When the event that set <see cref="Status"/> was created: an older one arriving later changes nothing.</summary>
    [Id(5)]
    public DateTimeOffset? StatusAt { get; set; }

    /// <summary>Paid pack purchases by their payment intent: what a refund takes back a share of.</summary>
    [Id(6)]
    public Dictionary<string, PaidPurchase> Purchases { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The Checkout Sessions started, by the idempotency key they were asked with (the newest few).</summary>
    [Id(7)]
    public Dictionary<string, CheckoutStarted> Checkouts { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>A pack paid for: its credits, what was paid, and how much of that has been refunded so far.</summary>
[GenerateSerializer, Immutable, Alias("waqup.PaidPurchase")]
public sealed record PaidPurchase(string CheckoutSessionId, string PackId, int Credits, long Amount, long Refunded);

public static class SubscriptionStatuses
{
    public const string None = "none";
    public const string Active = "active";
    public const string PastDue = "past_due";
    public const string Canceled = "canceled";

    /// <summary>Stripe's subscription statuses as PROTOCOL.md names them; null for those that leave ours as it is.</summary>
    public static string? FromStripe(string status) => status switch
    {
        "active" or "trialing" => Active,
        "past_due" or "unpaid" => PastDue,
        "canceled" or "incomplete_expired" => Canceled,
        _ => null,
    };
}
