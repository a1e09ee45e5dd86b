namespace WaQup.Abstractions.Marketplace;

/// <summary>How a purchase ended.</summary>
public enum PurchaseAnswer
{
    /// <summary>The buyer owns the pack; the outcome says what this purchase charged (0 when it was owned already).</summary>
    Owned,

    /// <summary>No published pack of that id.</summary>
    NotFound,

    /// <summary>The buyer's balance is short of the price; nothing was charged or recorded.</summary>
    ShortOfCredits,
}
