using WaQup.Abstractions.Billing;

namespace WaQup.Providers.Payments;

/// <summary>Payments off (no Stripe secrets): nothing is created, and every call says why.</summary>
public sealed class DisabledPaymentGateway : IPaymentGateway
{
    private const string Off = "payments are off: STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET are not both set";

    public bool Enabled => false;

    public Task<string> CreateCustomerAsync(string userId, string? name, string idempotencyKey, CancellationToken cancellationToken) => throw new PaymentProviderException(Off);

    public Task<CheckoutStarted> CreateCheckoutAsync(CheckoutSpec spec, string idempotencyKey, CancellationToken cancellationToken) => throw new PaymentProviderException(Off);

    public Task<string> CreatePortalAsync(string customerId, string returnUrl, string idempotencyKey, CancellationToken cancellationToken) => throw new PaymentProviderException(Off);

    public PaymentEvent ReadWebhook(string body, string? signatureHeader) => throw new WebhookRejectedException(Off);
}
