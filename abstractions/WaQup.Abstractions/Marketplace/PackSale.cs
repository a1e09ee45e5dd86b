namespace WaQup.Abstractions.Marketplace;

/// <summary>What a purchase needs to know of a published pack: its price and whom the creator's share goes to.</summary>
[GenerateSerializer, Immutable, Alias("waqup.PackSale")]
public sealed record PackSale(string PackId, string Title, int PriceCredits, string CreatorId, string CreatorUserId);
