namespace WaQup.Abstractions.Billing;

/// <summary>
/// One user's side of payments: their payment-provider customer (created once), the Checkout Sessions they start,
/// their subscription's status, and the credits each payment is due, granted through their credit grain's ledger,
/// keyed by the provider's objects so that none is granted twice.
/// </summary>
public interface IBillingGrain : IGrainWithStringKey
{
    /// <summary>A Checkout Session for a pack or a plan; the same <see cref="CheckoutRequest.IdempotencyKey"/> gives the same session.</summary>
    Task<BillingAnswer<CheckoutStarted>> StartCheckoutAsync(CheckoutRequest request);

    /// <summary>The provider's customer portal for this user, returning to <paramref name="returnUrl"/>.</summary>
    Task<BillingAnswer<string>> OpenPortalAsync(string returnUrl);

    Task<SubscriptionView> GetSubscriptionAsync();

    /// <summary>Acts on an event attributed to this user; repeating it changes nothing.</summary>
    Task<PaymentOutcome> ApplyAsync(PaymentEvent paymentEvent);
}

/// <summary>
/// Receives the payment provider's webhook deliveries: checks each one's signature on its raw body, and handles each
/// event at most once by its id, whoever delivers it how often.
/// </summary>
public interface IPaymentEventGrain : IGrainWithIntegerKey
{
    Task<WebhookReceipt> ReceiveAsync(string body, string? signature);
}

/// <summary>What <c>POST /v1/billing/checkout</c> asks for: exactly one of a pack and a plan.</summary>
[GenerateSerializer, Immutable, Alias("waqup.CheckoutRequest")]
public sealed record CheckoutRequest(string? PackId, string? PlanId, string SuccessUrl, string CancelUrl, string IdempotencyKey);

[GenerateSerializer, Immutable, Alias("waqup.CheckoutStarted")]
public sealed record CheckoutStarted(string CheckoutSessionId, string Url);

/// <summary>A user's subscription as <c>GET /v1/me/subscription</c> shows it.</summary>
/// <param name="Status"><c>none</c>, <c>active</c>, <c>past_due</c> or <c>canceled</c>.</param>
[GenerateSerializer, Immutable, Alias("waqup.SubscriptionView")]
public sealed record SubscriptionView(string Status, string? PlanId, DateTimeOffset? CurrentPeriodEnd);

/// <summary>An answer, or why there is none.</summary>
[GenerateSerializer, Immutable, Alias("waqup.BillingAnswer`1")]
public sealed record BillingAnswer<T>(T? Value, BillingProblem Problem, string? Detail)
{
    public static BillingAnswer<T> Of(T value) => new(value, BillingProblem.None, null);

    public static BillingAnswer<T> Refused(BillingProblem problem, string detail) => new(default, problem, detail);
}

public enum BillingProblem
{
    None,

    /// <summary>No pack or plan of that id (404).</summary>
    UnknownOffer,

    /// <summary>Payments are off: the provider's secrets are not set (503).</summary>
    PaymentsOff,

    /// <summary>The provider refused or could not be reached (503).</summary>
    ProviderFailed,

    /// <summary>A plan while a subscription is active or past due: change it in the portal (409).</summary>
    AlreadySubscribed,
}

/// <summary>How a webhook delivery was taken.</summary>
[GenerateSerializer, Immutable, Alias("waqup.WebhookReceipt")]
public sealed record WebhookReceipt(PaymentOutcome Outcome, string? EventId, string? Detail);

/// <summary>How an event was taken.</summary>
public enum PaymentOutcome
{
    /// <summary>Acted on now.</summary>
    Applied,

    /// <summary>Seen before (by its id), or about something already done: nothing changed.</summary>
    AlreadyHandled,

    /// <summary>Recorded and deliberately left alone: a type waQup does not act on, or nothing due.</summary>
    Ignored,

    /// <summary>Whose it is, or what it is about, cannot be told yet (it came before the event that says): deliver it again later.</summary>
    NotYetAttributable,

    /// <summary>Not a genuine, fresh event of our account: its signature does not match, or is too old (400).</summary>
    Rejected,

    /// <summary>Payments are off (503).</summary>
    PaymentsOff,
}

/// <summary>What can be bought, from the configuration of the silos.</summary>
public interface IBillingCatalogGrain : IGrainWithIntegerKey
{
    Task<BillingOffers> GetOffersAsync();
}

[GenerateSerializer, Immutable, Alias("waqup.BillingOffers")]
/// <param name="PaymentsOn">Whether the silos have Stripe's secrets: without them, every billing endpoint but the two lists answers 503.</param>
public sealed record BillingOffers(IReadOnlyList<CreditPackOffer> Packs, IReadOnlyList<PlanOffer> Plans, bool PaymentsOn);

[GenerateSerializer, Immutable, Alias("waqup.CreditPackOffer")]
public sealed record CreditPackOffer(string PackId, string Name, int Credits, long Amount, string Currency);

[GenerateSerializer, Immutable, Alias("waqup.PlanOffer")]
public sealed record PlanOffer(string PlanId, string Name, int CreditsPerMonth, long Amount, string Currency);
