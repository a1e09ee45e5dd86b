using WaQup.Abstractions.Grains;

namespace WaQup.Grains.Credits;

/// <summary>The persisted credits of one user. <see cref="Balance"/> is the sum of the ledger's amounts.</summary>
[GenerateSerializer, Alias("waqup.CreditState")]
public sealed class CreditState
{
    [Id(0)] public int Balance { get; set; }
    [Id(1)] public Dictionary<string, Reservation> Reservations { get; set; } = new(StringComparer.Ordinal);
    [Id(2)] public HashSet<string> Grants { get; set; } = new(StringComparer.Ordinal);
    [Id(3)] public List<LedgerEntry> Ledger { get; set; } = [];

    public int Reserved => Reservations.Values.Where(r => r.Status == ReservationStatus.Open).Sum(r => r.Amount);
}
