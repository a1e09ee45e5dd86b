using WaQup.Abstractions.Protocol;

namespace WaQup.Abstractions.Grains;

/// <summary>Balance, reserved amount and the whole ledger, oldest first.</summary>
[GenerateSerializer, Immutable, Alias("waqup.CreditStatement")]
public sealed record CreditStatement(int Balance, int Reserved, IReadOnlyList<LedgerEntry> Ledger)
{
    public CreditsView View => new(Balance, Reserved);
}
