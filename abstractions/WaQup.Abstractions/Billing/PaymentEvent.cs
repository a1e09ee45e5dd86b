namespace WaQup.Abstractions.Billing;

/// <summary>
/// A payment provider's event, checked (its signature) and read into what waQup acts on; its provider-specific JSON
/// stays in the provider. <see cref="EventId"/> makes it once-only; <see cref="Created"/> orders a subscription's changes.
/// </summary>
[GenerateSerializer, Immutable, Alias("waqup.PaymentEvent")]
public abstract record PaymentEvent(string EventId, string Type, DateTimeOffset Created);

/// <summary>
/// A Checkout Session completed (<c>checkout.session.completed</c>) or its delayed payment settled
/// (<c>checkout.session.async_payment_succeeded</c>): a pack's credits are due once it is <see cref="Paid"/>.
/// <see cref="Credits"/> is what the session was created for (its metadata), whatever the configuration says now.
/// </summary>
[GenerateSerializer, Immutable, Alias("waqup.CheckoutCompleted")]
public sealed record CheckoutCompleted(
    string EventId,
    string Type,
    DateTimeOffset Created,
    string CheckoutSessionId,
    string? UserId,
    string? PackId,
    string? PlanId,
    bool Paid,
    string? CustomerId,
    string? PaymentIntentId,
    string? SubscriptionId,
    long AmountTotal,
    string Currency,
    int? Credits) : PaymentEvent(EventId, Type, Created);

/// <summary>A subscription's invoice was paid (<c>invoice.paid</c>), the first one included: a month's credits are due.</summary>
[GenerateSerializer, Immutable, Alias("waqup.InvoicePaid")]
public sealed record InvoicePaid(
    string EventId,
    string Type,
    DateTimeOffset Created,
    string InvoiceId,
    string? SubscriptionId,
    string? CustomerId,
    string? UserId,
    string? PlanId,
    long AmountPaid,
    DateTimeOffset? PeriodEnd) : PaymentEvent(EventId, Type, Created);

/// <summary>A subscription's renewal failed (<c>invoice.payment_failed</c>): it is past due, and nothing is granted.</summary>
[GenerateSerializer, Immutable, Alias("waqup.InvoicePaymentFailed")]
public sealed record InvoicePaymentFailed(
    string EventId,
    string Type,
    DateTimeOffset Created,
    string InvoiceId,
    string? SubscriptionId,
    string? CustomerId,
    string? UserId) : PaymentEvent(EventId, Type, Created);

/// <summary>A subscription changed (<c>customer.subscription.created</c>, <c>.updated</c>, <c>.deleted</c>).</summary>
[GenerateSerializer, Immutable, Alias("waqup.SubscriptionChanged")]
public sealed record SubscriptionChanged(
    string EventId,
    string Type,
    DateTimeOffset Created,
    string SubscriptionId,
    string? CustomerId,
    string? UserId,
    string? PlanId,
    string Status,
    DateTimeOffset? CurrentPeriodEnd) : PaymentEvent(EventId, Type, Created);

/// <summary>A charge was refunded, wholly or in part (<c>charge.refunded</c>); <see cref="AmountRefunded"/> is the total so far.</summary>
[GenerateSerializer, Immutable, Alias("waqup.ChargeRefunded")]
public sealed record ChargeRefunded(
    string EventId,
    string Type,
    DateTimeOffset Created,
    string ChargeId,
    string? PaymentIntentId,
    string? CustomerId,
    long Amount,
    long AmountRefunded) : PaymentEvent(EventId, Type, Created);

/// <summary>An event waQup does not act on: recorded, answered 2xx, and otherwise ignored.</summary>
[GenerateSerializer, Immutable, Alias("waqup.IgnoredPaymentEvent")]
public sealed record IgnoredPaymentEvent(string EventId, string Type, DateTimeOffset Created) : PaymentEvent(EventId, Type, Created);
