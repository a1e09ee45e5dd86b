using WaQup.Abstractions.Billing;

namespace WaQup.Providers.Payments;

/// <summary>The payment provider as waQup uses it: customers, Checkout, the portal, and its signed webhook events.</summary>
public interface IPaymentGateway
{
    /// <summary>Whether payments are on (the provider's secrets are set).</summary>
    bool Enabled { get; }

    /// <summary>A customer for <paramref name="userId"/>; the same <paramref name="idempotencyKey"/> gives the same customer.</summary>
    Task<string> CreateCustomerAsync(string userId, string? name, string idempotencyKey, CancellationToken cancellationToken);

    Task<CheckoutStarted> CreateCheckoutAsync(CheckoutSpec spec, string idempotencyKey, CancellationToken cancellationToken);

    /// <summary>The customer portal's URL for <paramref name="customerId"/>.</summary>
    Task<string> CreatePortalAsync(string customerId, string returnUrl, string idempotencyKey, CancellationToken cancellationToken);

    /// <summary>Checks a webhook delivery's signature on its raw body and reads the event.</summary>
    /// <exception cref="WebhookRejectedException">The signature does not match, is older than the tolerance, or the body is not an event.</exception>
    PaymentEvent ReadWebhook(string body, string? signatureHeader);
}

/// <summary>One Checkout Session to create: a pack (one payment) or a plan (a monthly subscription).</summary>
/// <param name="Metadata">Set on the session (and on the subscription it starts): who and what it is for.</param>
public sealed record CheckoutSpec(
    bool Subscription,
    string CustomerId,
    string UserId,
    string ProductName,
    long Amount,
    string Currency,
    string? PriceId,
    IReadOnlyDictionary<string, string> Metadata,
    string SuccessUrl,
    string CancelUrl);

/// <summary>A webhook delivery that is not a genuine, fresh event of our account.</summary>
public sealed class WebhookRejectedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The payment provider refused a request or could not be reached.</summary>
public sealed class PaymentProviderException(string message) : Exception(message);
