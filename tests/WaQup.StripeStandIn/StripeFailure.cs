namespace WaQup.Tests.Billing;

/// <summary>
/// An answer the stand-in gives instead of the real one: Stripe's status, error type and code, and the
/// <c>Stripe-Should-Retry</c> header that Stripe's clients obey before their own rules; or a stall that answers
/// nothing until the caller gives up.
/// </summary>
public sealed record StripeFailure(int Status, string Type, string? Code, string Message, bool? ShouldRetry = null, bool Stalls = false)
{
    /// <summary>
    /// The request rate limiter: 429 with code <c>rate_limit</c> and no retry advice, so Stripe.net, which retries
    /// only connection errors, 409s and 5xx unless told otherwise, gives up at once.
    /// </summary>
    public static StripeFailure RateLimit { get; } = new(429, "invalid_request_error", "rate_limit",
        "Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.");

    /// <summary>An object locked by another request: 429 <c>lock_timeout</c> with <c>Stripe-Should-Retry: true</c>.</summary>
    public static StripeFailure LockTimeout { get; } = new(429, "invalid_request_error", "lock_timeout",
        "This object cannot be accessed right now because another API request or Stripe process is currently accessing it.",
        ShouldRetry: true);

    /// <summary>A transient failure on Stripe's side before the request ran: 500 <c>api_error</c>, which clients retry.</summary>
    public static StripeFailure ServerError { get; } = new(500, "api_error", null,
        "An unknown error occurred while processing the request.");

    /// <summary>No answer at all until the client cancels or times out, or the stand-in stops.</summary>
    public static StripeFailure Stall { get; } = new(0, "", null, "", Stalls: true);
}
