using Stripe;
using Stripe.Checkout;
using WaQup.Abstractions.Billing;

namespace WaQup.Providers.Payments;

/// <summary>
/// Stripe through its official client (Stripe.net): every write carries an idempotency key, which Stripe.net's own
/// retries reuse; webhook events are checked by Stripe.net's signature check on the raw body and read into
/// <see cref="PaymentEvent"/>s.
/// </summary>
public sealed class StripePaymentGateway : IPaymentGateway
{
    /// <summary>The metadata keys waQup sets on what it creates, and reads back from events.</summary>
    public const string UserIdKey = "user_id";
    public const string PackIdKey = "pack_id";
    public const string PlanIdKey = "plan_id";
    public const string CreditsKey = "credits";

    private readonly PaymentsOptions _options;
    private readonly StripeClient _client;

    public StripePaymentGateway(PaymentsOptions options, HttpClient? http = null)
    {
        _options = options;
        var transport = new SystemNetHttpClient(http ?? new HttpClient { Timeout = options.Timeout }, options.MaxNetworkRetries, enableTelemetry: false);
        var clientOptions = new StripeClientOptions { ApiKey = options.SecretKey, HttpClient = transport };
        if (options.ApiBase is { } apiBase)
        {
            clientOptions.ApiBase = apiBase.TrimEnd('/');
        }

        _client = new StripeClient(clientOptions);
    }

    public bool Enabled => _options.Enabled;

    public async Task<string> CreateCustomerAsync(string userId, string? name, string idempotencyKey, CancellationToken cancellationToken)
    {
        var customer = await Call(() => new CustomerService(_client).CreateAsync(
            new CustomerCreateOptions { Name = name, Metadata = new Dictionary<string, string> { [UserIdKey] = userId } },
            new RequestOptions { IdempotencyKey = idempotencyKey },
            cancellationToken));
        return customer.Id;
    }

    public async Task<CheckoutStarted> CreateCheckoutAsync(CheckoutSpec spec, string idempotencyKey, CancellationToken cancellationToken)
    {
        var item = new SessionLineItemOptions { Quantity = 1 };
        if (spec.PriceId is { } price)
        {
            item.Price = price;
        }
        else
        {
            item.PriceData = new SessionLineItemPriceDataOptions
            {
                Currency = spec.Currency,
                UnitAmount = spec.Amount,
                ProductData = new SessionLineItemPriceDataProductDataOptions { Name = spec.ProductName },
                Recurring = spec.Subscription ? new SessionLineItemPriceDataRecurringOptions { Interval = "month" } : null,
            };
        }

        var options = new SessionCreateOptions
        {
            Mode = spec.Subscription ? "subscription" : "payment",
            Customer = spec.CustomerId,
            ClientReferenceId = spec.UserId,
            Metadata = new Dictionary<string, string>(spec.Metadata),
            LineItems = [item],
            SuccessUrl = spec.SuccessUrl,
            CancelUrl = spec.CancelUrl,
        };
        if (spec.Subscription)
        {
            // Carried by the subscription's own events and, under parent.subscription_details, by its invoices.
            options.SubscriptionData = new SessionSubscriptionDataOptions { Metadata = new Dictionary<string, string>(spec.Metadata) };
        }
        else
        {
            options.PaymentIntentData = new SessionPaymentIntentDataOptions { Metadata = new Dictionary<string, string>(spec.Metadata) };
        }

        var session = await Call(() => new SessionService(_client).CreateAsync(options, new RequestOptions { IdempotencyKey = idempotencyKey }, cancellationToken));
        return new CheckoutStarted(session.Id, session.Url);
    }

    public async Task<string> CreatePortalAsync(string customerId, string returnUrl, string idempotencyKey, CancellationToken cancellationToken)
    {
        var portal = await Call(() => new Stripe.BillingPortal.SessionService(_client).CreateAsync(
            new Stripe.BillingPortal.SessionCreateOptions { Customer = customerId, ReturnUrl = returnUrl },
            new RequestOptions { IdempotencyKey = idempotencyKey },
            cancellationToken));
        return portal.Url;
    }

    public PaymentEvent ReadWebhook(string body, string? signatureHeader)
    {
        if (string.IsNullOrWhiteSpace(signatureHeader))
        {
            throw new WebhookRejectedException("the Stripe-Signature header is missing");
        }

        Event stripeEvent;
        try
        {
            // Events of another API version are read all the same: the fields read below are in every recent one.
            stripeEvent = EventUtility.ConstructEvent(body, signatureHeader, _options.WebhookSecret, (long)_options.WebhookTolerance.TotalSeconds, throwOnApiVersionMismatch: false);
        }
        catch (StripeException rejected)
        {
            throw new WebhookRejectedException(rejected.Message, rejected);
        }
        catch (Exception unreadable) when (unreadable is System.Text.Json.JsonException or ArgumentException or FormatException)
        {
            throw new WebhookRejectedException("the body is not a Stripe event", unreadable);
        }

        return StripeEvents.Read(stripeEvent);
    }

    private static async Task<T> Call<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (StripeException failed)
        {
            throw new PaymentProviderException($"Stripe refused or failed: {failed.StripeError?.Type ?? "error"} ({(int)failed.HttpStatusCode}): {failed.StripeError?.Message ?? failed.Message}");
        }
        catch (Exception failed) when (failed is HttpRequestException or TaskCanceledException)
        {
            throw new PaymentProviderException($"Stripe could not be reached: {failed.Message}");
        }
    }
}
