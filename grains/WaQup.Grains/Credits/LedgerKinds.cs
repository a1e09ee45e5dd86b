namespace WaQup.Grains.Credits;

/// <summary>The kinds of ledger entry a credit grain writes; an entry's id is its operation id, a colon and its kind.</summary>
public static class LedgerKinds
{
    public const string Grant = "grant";
    public const string Reserve = "reserve";
    public const string Commit = "commit";
    public const string Refund = "refund";

    /// <summary>Credits bought: a pack, through Stripe Checkout.</summary>
    public const string Purchase = "purchase";

    /// <summary>Credits of a subscription's paid invoice.</summary>
    public const string Subscription = "subscription";

    /// <summary>Credits taken back after a refund, as far as they were unspent.</summary>
    public const string Clawback = "clawback";

    /// <summary>A creator's earnings.</summary>
    public const string Reward = "reward";

    /// <summary>Credits spent on a creator's pack in the marketplace.</summary>
    public const string PackPurchase = "pack_purchase";

    /// <summary>The kinds <see cref="WaQup.Abstractions.Grains.ICreditGrain.DebitAsync"/> may take credits as.</summary>
    public static readonly IReadOnlySet<string> Debits = new HashSet<string>(StringComparer.Ordinal) { PackPurchase };

    /// <summary>The kinds <see cref="WaQup.Abstractions.Grains.ICreditGrain.CreditAsync"/> may add credits as.</summary>
    public static readonly IReadOnlySet<string> Credits = new HashSet<string>(StringComparer.Ordinal) { Grant, Purchase, Subscription, Reward };

    /// <summary>A reservation refused for want of credits: kept so that its retry is refused again, never listed.</summary>
    public const string Refusal = "refusal";

    public static string EntryId(string operationId, string kind) => $"{operationId}:{kind}";
}
