using System.Text.Json.Serialization;

namespace WaQup.Abstractions.Rest;

/// <summary>One credit pack of <c>GET /v1/billing/packs</c>; <c>amount</c> in the currency's minor unit.</summary>
public sealed record CreditPackBody(
    [property: JsonPropertyName("pack_id")] string PackId,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("credits")] int Credits,
    [property: JsonPropertyName("amount")] long Amount,
    [property: JsonPropertyName("currency")] string Currency);

/// <summary>One plan of <c>GET /v1/billing/plans</c>: a monthly subscription.</summary>
public sealed record PlanBody(
    [property: JsonPropertyName("plan_id")] string PlanId,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("credits_per_month")] int CreditsPerMonth,
    [property: JsonPropertyName("amount")] long Amount,
    [property: JsonPropertyName("currency")] string Currency);

/// <summary><c>POST /v1/billing/checkout</c>: exactly one of a pack and a plan.</summary>
public sealed record CheckoutCreateRequest(
    [property: JsonPropertyName("pack_id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PackId = null,
    [property: JsonPropertyName("plan_id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PlanId = null);

/// <summary>A Checkout Session to send the user to.</summary>
public sealed record CheckoutBody(
    [property: JsonPropertyName("checkout_session_id")] string CheckoutSessionId,
    [property: JsonPropertyName("url")] string Url);

/// <summary>The customer portal to send the user to.</summary>
public sealed record PortalBody([property: JsonPropertyName("url")] string Url);

/// <summary><c>GET /v1/me/subscription</c>.</summary>
/// <param name="Status"><c>none</c>, <c>active</c>, <c>past_due</c> or <c>canceled</c>.</param>
public sealed record SubscriptionBody(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("plan_id")] string? PlanId,
    [property: JsonPropertyName("current_period_end")] DateTimeOffset? CurrentPeriodEnd);

/// <summary>The webhook's answer to Stripe.</summary>
public sealed record WebhookBody(
    [property: JsonPropertyName("received")] bool Received,
    [property: JsonPropertyName("outcome")] string Outcome);
