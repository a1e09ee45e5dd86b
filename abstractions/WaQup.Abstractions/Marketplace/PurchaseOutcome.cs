namespace WaQup.Abstractions.Marketplace;

/// <summary>A purchase's answer: <see cref="CreditsCharged"/> is what this purchase took from the buyer.</summary>
[GenerateSerializer, Immutable, Alias("waqup.PurchaseOutcome")]
public sealed record PurchaseOutcome(PurchaseAnswer Answer, int CreditsCharged, string? Detail);
