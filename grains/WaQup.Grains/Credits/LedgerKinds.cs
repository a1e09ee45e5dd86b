namespace WaQup.Grains.Credits;

/// <summary>The kinds of ledger entry a credit grain writes; an entry's id is its operation id, a colon and its kind.</summary>
public static class LedgerKinds
{
    public const string Grant = "grant";
    public const string Reserve = "reserve";
    public const string Commit = "commit";
    public const string Refund = "refund";

    /// <summary>A reservation refused for want of credits: kept so that its retry is refused again, never listed.</summary>
    public const string Refusal = "refusal";

    public static string EntryId(string operationId, string kind) => $"{operationId}:{kind}";
}
