namespace WaQup.Tests.Grains;

/// <summary>What <see cref="FaultyCreditLedger"/> does to one user's copies to the ledger table.</summary>
public enum LedgerFault
{
    None,

    /// <summary>The copy fails before it reaches the table.</summary>
    Refused,

    /// <summary>The copy reaches the table, then fails as if its answer were lost.</summary>
    AnswerLost,
}
