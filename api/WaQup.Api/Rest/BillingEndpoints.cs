using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using WaQup.Abstractions.Billing;
using WaQup.Abstractions.Rest;
using WaQup.Api.Auth;

namespace WaQup.Api.Rest;

/// <summary>
/// Payments (PROTOCOL.md, "v1.1: payments (Stripe)"): the packs and plans, Checkout, the customer portal, the
/// caller's subscription, and Stripe's webhook. The rules live in the billing grains; this reads and answers.
/// </summary>
public static class BillingEndpoints
{
    /// <summary>A Stripe event is a few kilobytes; a body past this is not one.</summary>
    public const int MaxWebhookBytes = 512 * 1024;

    private const int MaxIdempotencyKeyLength = 255;

    public static void MapBilling(this IEndpointRouteBuilder routes)
    {
        var billing = routes.MapGroup("/v1/billing").WithTags("Billing");
        billing.MapGet("/packs", GetPacksAsync).RequireAuthorization().ProducesProblems(StatusCodes.Status401Unauthorized);
        billing.MapGet("/plans", GetPlansAsync).RequireAuthorization().ProducesProblems(StatusCodes.Status401Unauthorized);
        billing.MapPost("/checkout", CheckoutAsync).RequireAuthorization().AcceptsJson<CheckoutCreateRequest>()
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status503ServiceUnavailable);
        billing.MapPost("/portal", PortalAsync).RequireAuthorization()
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status503ServiceUnavailable);
        // Stripe signs it; no bearer token, and no rate limit: Stripe's retries and bursts must all be heard.
        billing.MapPost("/webhook", WebhookAsync).AllowAnonymous().DisableRateLimiting()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status503ServiceUnavailable);
        routes.MapGet("/v1/me/subscription", GetSubscriptionAsync).RequireAuthorization().WithTags("Me").ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<Ok<CreditPackBody[]>> GetPacksAsync(IGrainFactory grains)
    {
        var offers = await grains.GetGrain<IBillingCatalogGrain>(0).GetOffersAsync();
        return TypedResults.Ok(offers.Packs.Select(p => new CreditPackBody(p.PackId, p.Name, p.Credits, p.Amount, p.Currency)).ToArray());
    }

    private static async Task<Ok<PlanBody[]>> GetPlansAsync(IGrainFactory grains)
    {
        var offers = await grains.GetGrain<IBillingCatalogGrain>(0).GetOffersAsync();
        return TypedResults.Ok(offers.Plans.Select(p => new PlanBody(p.PlanId, p.Name, p.CreditsPerMonth, p.Amount, p.Currency)).ToArray());
    }

    private static async Task<Results<Created<CheckoutBody>, ProblemHttpResult>> CheckoutAsync(
        HttpRequest request, ClaimsPrincipal user, IGrainFactory grains, IConfiguration configuration, CancellationToken cancellationToken)
    {
        var key = request.Headers["Idempotency-Key"].ToString();
        if (key.Length > MaxIdempotencyKeyLength || key.Any(char.IsControl))
        {
            return Problems.Result(StatusCodes.Status400BadRequest, "Invalid Idempotency-Key", $"Idempotency-Key must be at most {MaxIdempotencyKeyLength} printable characters.");
        }

        var (body, problem) = await JsonBody.ReadAsync(request, ReadCheckout, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var origin = PublicOrigin(request, configuration);
        var answer = await grains.GetGrain<IBillingGrain>(UserIds.Of(user)).StartCheckoutAsync(new CheckoutRequest(
            body!.PackId,
            body.PlanId,
            $"{origin}/credits?checkout=success&session_id={{CHECKOUT_SESSION_ID}}",
            $"{origin}/credits?checkout=cancelled",
            key.Length > 0 ? key : Guid.NewGuid().ToString("N")));
        return answer.Value is { } started
            ? TypedResults.Created((string?)null, new CheckoutBody(started.CheckoutSessionId, started.Url))
            : Refused(answer.Problem, answer.Detail);
    }

    private static async Task<Results<Ok<PortalBody>, ProblemHttpResult>> PortalAsync(HttpRequest request, ClaimsPrincipal user, IGrainFactory grains, IConfiguration configuration)
    {
        var answer = await grains.GetGrain<IBillingGrain>(UserIds.Of(user)).OpenPortalAsync($"{PublicOrigin(request, configuration)}/credits");
        return answer.Value is { } url ? TypedResults.Ok(new PortalBody(url)) : Refused(answer.Problem, answer.Detail);
    }

    private static async Task<Results<Ok<SubscriptionBody>, ProblemHttpResult>> GetSubscriptionAsync(ClaimsPrincipal user, IGrainFactory grains)
    {
        // PROTOCOL.md: with payments off, the billing endpoints other than the two lists answer 503.
        if (!(await grains.GetGrain<IBillingCatalogGrain>(0).GetOffersAsync()).PaymentsOn)
        {
            return Refused(BillingProblem.PaymentsOff, "payments are off: STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET are not both set");
        }

        var subscription = await grains.GetGrain<IBillingGrain>(UserIds.Of(user)).GetSubscriptionAsync();
        return TypedResults.Ok(new SubscriptionBody(subscription.Status, subscription.PlanId, subscription.CurrentPeriodEnd));
    }

    private static async Task<Results<Ok<WebhookBody>, ProblemHttpResult>> WebhookAsync(HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxWebhookBytes)
        {
            return Problems.Result(StatusCodes.Status413PayloadTooLarge, "Body too large", $"A webhook body may be at most {MaxWebhookBytes} bytes.");
        }

        // The signature is over the raw bytes: read them as they came, never re-serialized.
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxWebhookBytes)
            {
                return Problems.Result(StatusCodes.Status413PayloadTooLarge, "Body too large", $"A webhook body may be at most {MaxWebhookBytes} bytes.");
            }

            buffer.Write(chunk, 0, read);
        }

        string body;
        try
        {
            body = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (DecoderFallbackException)
        {
            return Problems.Result(StatusCodes.Status400BadRequest, "Not a Stripe event", "The body is not UTF-8.");
        }

        var signature = request.Headers["Stripe-Signature"].ToString();
        var receipt = await grains.GetGrain<IPaymentEventGrain>(0).ReceiveAsync(body, signature.Length > 0 ? signature : null);
        return receipt.Outcome switch
        {
            PaymentOutcome.Applied => TypedResults.Ok(new WebhookBody(true, "applied")),
            PaymentOutcome.AlreadyHandled => TypedResults.Ok(new WebhookBody(true, "already_handled")),
            PaymentOutcome.Ignored => TypedResults.Ok(new WebhookBody(true, "ignored")),
            PaymentOutcome.NotYetAttributable => Problems.Result(StatusCodes.Status409Conflict, "Not yet", $"Event {receipt.EventId}: {receipt.Detail}; deliver it again later."),
            PaymentOutcome.Rejected => Problems.Result(StatusCodes.Status400BadRequest, "Signature refused", receipt.Detail),
            _ => Problems.Result(StatusCodes.Status503ServiceUnavailable, "Payments are off", receipt.Detail),
        };
    }

    private static (CheckoutCreateRequest? Body, ProblemHttpResult? Problem) ReadCheckout(JsonElement body)
    {
        string? packId = null, planId = null;
        foreach (var property in body.EnumerateObject())
        {
            var value = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
            if (property.Name is not ("pack_id" or "plan_id"))
            {
                return (null, Invalid($"unknown field '{property.Name}'; the checkout takes pack_id or plan_id"));
            }

            if (value is not { Length: > 0 and <= 64 })
            {
                return (null, Invalid($"{property.Name} must be text of 1 to 64 characters"));
            }

            (packId, planId) = property.Name == "pack_id" ? (value, planId) : (packId, value);
        }

        return (packId, planId) switch
        {
            (null, null) => (null, Invalid("pack_id or plan_id is required")),
            (not null, not null) => (null, Invalid("give pack_id or plan_id, not both")),
            _ => (new CheckoutCreateRequest(packId, planId), null),
        };
    }

    private static ProblemHttpResult Refused(BillingProblem problem, string? detail) => problem switch
    {
        BillingProblem.UnknownOffer => Problems.Result(StatusCodes.Status404NotFound, "No such pack or plan", detail),
        BillingProblem.AlreadySubscribed => Problems.Result(StatusCodes.Status409Conflict, "Already subscribed", detail),
        BillingProblem.PaymentsOff => Problems.Result(StatusCodes.Status503ServiceUnavailable, "Payments are off", detail),
        _ => Problems.Result(StatusCodes.Status503ServiceUnavailable, "Payments unavailable", detail),
    };

    /// <summary>Where Stripe sends the user back to: <c>Billing:PublicUrl</c>, or the origin the request came to.</summary>
    private static string PublicOrigin(HttpRequest request, IConfiguration configuration) =>
        configuration["Billing:PublicUrl"] is { Length: > 0 } configured ? configured.TrimEnd('/') : $"{request.Scheme}://{request.Host}";

    private static ProblemHttpResult Invalid(string detail) => Problems.Result(StatusCodes.Status400BadRequest, "Invalid checkout", detail);
}
