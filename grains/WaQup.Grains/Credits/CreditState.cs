using WaQup.Abstractions.Grains;

namespace WaQup.Grains.Credits;

/// <summary>
/// The persisted credits of one user: the balance, the open reservations, and the ledger entries the ledger table may
/// not hold yet. Settled history lives in the table, so this stays small however long the ledger grows.
/// </summary>
[GenerateSerializer, Alias("waqup.CreditState")]
public sealed class CreditState
{
    /// <summary>The sum of the amounts of every entry ever applied, those in the table and those in <see cref="Unflushed"/>.</summary>
    [Id(0)] public int Balance { get; set; }

    /// <summary>Open reservations by operation id, and the most recently settled ones (see <see cref="RecentlySettled"/>).</summary>
    [Id(1)] public Dictionary<string, Reservation> Reservations { get; set; } = new(StringComparer.Ordinal);

    // Id 2 held every grant id before the ledger table; the table's entry ids answer that now.

    /// <summary>
    /// Applied entries not yet known to be in the ledger table, oldest first; the last is entry number
    /// <see cref="Appended"/>. In states written before the table this was the whole ledger, none of it copied.
    /// </summary>
    [Id(3)] public List<LedgerEntry> Unflushed { get; set; } = [];

    /// <summary>How many entries have ever been applied: the position of the newest.</summary>
    [Id(4)] public long Appended { get; set; }

    /// <summary>
    /// The operation ids of the settled reservations still in <see cref="Reservations"/>, oldest first, at most a few:
    /// a session asks about the reservation it has just committed, and that answer needs no look-up in the table.
    /// </summary>
    [Id(5)] public List<string> RecentlySettled { get; set; } = [];

    public int Reserved => Reservations.Values.Where(r => r.Status == ReservationStatus.Open).Sum(r => r.Amount);

    /// <summary>The entries of <see cref="Unflushed"/> with their positions.</summary>
    public IReadOnlyList<PositionedEntry> PositionedUnflushed()
    {
        var first = Appended - Unflushed.Count + 1;
        return Unflushed.Select((entry, index) => new PositionedEntry(first + index, entry)).ToArray();
    }
}
