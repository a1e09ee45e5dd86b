namespace WaQup.Tests.Billing;

/// <summary>One event as Stripe would send it to a webhook endpoint: its id, its type and the exact JSON body.</summary>
public sealed record StripeEvent(string Id, string Type, string Json);
