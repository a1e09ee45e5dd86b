using System.Text.Json;
using Stripe;
using Stripe.Checkout;
using WaQup.Abstractions.Billing;

namespace WaQup.Providers.Payments;

/// <summary>Reads the Stripe events waQup acts on into <see cref="PaymentEvent"/>s; every other type is ignored.</summary>
internal static class StripeEvents
{
    public static PaymentEvent Read(Event stripeEvent)
    {
        var id = stripeEvent.Id;
        var type = stripeEvent.Type;
        var created = new DateTimeOffset(DateTime.SpecifyKind(stripeEvent.Created, DateTimeKind.Utc));
        return (type, stripeEvent.Data?.Object) switch
        {
            ("checkout.session.completed" or "checkout.session.async_payment_succeeded", Session session) => new CheckoutCompleted(
                id,
                type,
                created,
                session.Id,
                session.ClientReferenceId ?? Meta(session.Metadata, StripePaymentGateway.UserIdKey),
                Meta(session.Metadata, StripePaymentGateway.PackIdKey),
                Meta(session.Metadata, StripePaymentGateway.PlanIdKey),
                type == "checkout.session.async_payment_succeeded" || session.PaymentStatus is "paid" or "no_payment_required",
                session.CustomerId,
                session.PaymentIntentId,
                session.SubscriptionId,
                session.AmountTotal ?? 0,
                session.Currency ?? "",
                int.TryParse(Meta(session.Metadata, StripePaymentGateway.CreditsKey), out var credits) ? credits : null),
            ("invoice.paid", Invoice invoice) => Paid(id, type, created, invoice),
            ("invoice.payment_failed", Invoice invoice) => Failed(id, type, created, invoice),
            ("customer.subscription.created" or "customer.subscription.updated" or "customer.subscription.deleted", Subscription subscription) => new SubscriptionChanged(
                id,
                type,
                created,
                subscription.Id,
                subscription.CustomerId,
                Meta(subscription.Metadata, StripePaymentGateway.UserIdKey),
                Meta(subscription.Metadata, StripePaymentGateway.PlanIdKey),
                type == "customer.subscription.deleted" ? "canceled" : subscription.Status ?? "",
                subscription.Items?.Data?.Select(item => (DateTime?)item.CurrentPeriodEnd).Max() is { } end ? Utc(end) : null),
            ("charge.refunded", Charge charge) => new ChargeRefunded(
                id,
                type,
                created,
                charge.Id,
                charge.PaymentIntentId,
                charge.CustomerId,
                charge.Amount,
                charge.AmountRefunded),
            _ => new IgnoredPaymentEvent(id, type, created),
        };
    }

    private static InvoicePaid Paid(string id, string type, DateTimeOffset created, Invoice invoice)
    {
        var (subscriptionId, userId, planId) = SubscriptionOf(invoice);
        return new InvoicePaid(id, type, created, invoice.Id, subscriptionId, invoice.CustomerId, userId, planId, invoice.AmountPaid, PeriodEnd(invoice));
    }

    private static InvoicePaymentFailed Failed(string id, string type, DateTimeOffset created, Invoice invoice)
    {
        var (subscriptionId, userId, _) = SubscriptionOf(invoice);
        return new InvoicePaymentFailed(id, type, created, invoice.Id, subscriptionId, invoice.CustomerId, userId);
    }

    /// <summary>
    /// The subscription an invoice bills, and the user and plan waQup put in its metadata: under
    /// <c>parent.subscription_details</c> in the API versions since 2025 (an invoice has no top-level subscription).
    /// </summary>
    /// <remarks>
    /// An event of an older API version (Stripe sends each endpoint its own) has the subscription at the invoice's top
    /// level and its metadata under <c>subscription_details</c> or on the lines, which Stripe.net 53's model no longer
    /// reads: those are read from the event's own JSON.
    /// </remarks>
    private static (string? SubscriptionId, string? UserId, string? PlanId) SubscriptionOf(Invoice invoice)
    {
        var details = invoice.Parent?.SubscriptionDetails;
        if (details?.SubscriptionId is not null || invoice.RawJsonElement is not { ValueKind: JsonValueKind.Object } raw)
        {
            return (details?.SubscriptionId, Meta(details?.Metadata, StripePaymentGateway.UserIdKey), Meta(details?.Metadata, StripePaymentGateway.PlanIdKey));
        }

        var metadata = Object(raw, "subscription_details", "metadata");
        if (metadata is null && Object(raw, "lines") is { } lines && lines.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array)
        {
            metadata = data.EnumerateArray().Select(line => Object(line, "metadata")).FirstOrDefault(m => m is not null);
        }

        return (Text(raw, "subscription"), Text(metadata, StripePaymentGateway.UserIdKey), Text(metadata, StripePaymentGateway.PlanIdKey));
    }

    private static JsonElement? Object(JsonElement element, params string[] path)
    {
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }

        return element.ValueKind == JsonValueKind.Object ? element : null;
    }

    private static string? Text(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } found && found.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    private static string? Meta(Dictionary<string, string>? metadata, string key) =>
        metadata is not null && metadata.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;

    /// <summary>The end of the period an invoice paid for: its lines', which for a subscription's invoice are the coming period.</summary>
    private static DateTimeOffset? PeriodEnd(Invoice invoice) =>
        invoice.Lines?.Data?.Select(line => (DateTime?)line.Period?.End).Max() is { } end ? Utc(end) : null;

    private static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));
}
