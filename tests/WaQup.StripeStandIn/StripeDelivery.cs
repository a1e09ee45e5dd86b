namespace WaQup.Tests.Billing;

/// <summary>How one webhook delivery departs from a correct one: an old signature, another secret, an altered body.</summary>
public sealed record StripeDelivery
{
    /// <summary>How long before now the signature's timestamp lies; past 300 s a receiver must refuse it.</summary>
    public TimeSpan Age { get; init; } = TimeSpan.Zero;

    /// <summary>Signs with this secret instead of the endpoint's.</summary>
    public string? Secret { get; init; }

    /// <summary>Alters the body after it was signed.</summary>
    public bool Tampered { get; init; }
}
