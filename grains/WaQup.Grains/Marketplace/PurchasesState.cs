namespace WaQup.Grains.Marketplace;

/// <summary>A listener's purchase under way, if any, and the answers given to their recent idempotency keys.</summary>
[GenerateSerializer, Alias("waqup.PurchasesState")]
public sealed class PurchasesState
{
    [Id(0)] public PendingPurchase? Pending { get; set; }

    /// <summary>Credits charged, by pack id and idempotency key; only the most recent are kept (see PurchasesGrain).</summary>
    [Id(1)] public Dictionary<string, int> Answers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The keys of <see cref="Answers"/>, oldest first.</summary>
    [Id(2)] public List<string> AnswerOrder { get; set; } = [];
}
