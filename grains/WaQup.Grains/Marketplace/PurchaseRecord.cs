namespace WaQup.Grains.Marketplace;

/// <summary>A completed purchase as the tables record it: the ownership, and the creator's day it counts on.</summary>
public sealed record PurchaseRecord(string PackId, string BuyerId, int CreditsCharged, string CreatorId, int CreatorShare, DateTimeOffset At);
