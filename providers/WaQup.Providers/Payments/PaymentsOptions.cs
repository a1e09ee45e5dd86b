namespace WaQup.Providers.Payments;

/// <summary>
/// The Stripe account payments go through, from the environment as PROTOCOL.md names it: <c>STRIPE_SECRET_KEY</c>,
/// <c>STRIPE_WEBHOOK_SECRET</c>, and <c>STRIPE_API_BASE</c> (Stripe.net's own setting, for a stand-in). Payments are
/// on only with both secrets.
/// </summary>
public sealed class PaymentsOptions
{
    public string? SecretKey { get; init; }

    public string? WebhookSecret { get; init; }

    /// <summary>Replaces Stripe's API base URL (tests point it at a loopback server that speaks Stripe's wire format).</summary>
    public string? ApiBase { get; init; }

    /// <summary>How old a webhook's signed timestamp may be: Stripe's own default.</summary>
    public TimeSpan WebhookTolerance { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>How often Stripe.net retries a request that failed in a way Stripe says is safe to retry.</summary>
    public int MaxNetworkRetries { get; init; } = 2;

    /// <summary>How long one request to Stripe may take, retries included.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(20);

    public bool Enabled => !string.IsNullOrWhiteSpace(SecretKey) && !string.IsNullOrWhiteSpace(WebhookSecret);

    public static PaymentsOptions FromEnvironment(Func<string, string?> read) => new()
    {
        SecretKey = read("STRIPE_SECRET_KEY"),
        WebhookSecret = read("STRIPE_WEBHOOK_SECRET"),
        ApiBase = string.IsNullOrWhiteSpace(read("STRIPE_API_BASE")) ? null : read("STRIPE_API_BASE"),
    };
}
