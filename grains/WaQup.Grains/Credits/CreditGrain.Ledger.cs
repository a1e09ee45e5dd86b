using Microsoft.Extensions.Logging;
using WaQup.Abstractions.Grains;
using WaQup.Abstractions.Protocol;
using WaQup.Grains.Persistence;
using WaQup.Grains.Telemetry;

namespace WaQup.Grains.Credits;

/// <summary>The ledger table: copying applied entries to it, and reading them back with those it could not take yet.</summary>
public sealed partial class CreditGrain
{
    /// <summary>Which of these entries were applied: in the state still, or in the table.</summary>
    private async Task<IReadOnlySet<string>> AppliedAsync(params string[] entryIds)
    {
        var applied = entryIds.Where(id => State.Unflushed.Any(e => e.Id == id)).ToHashSet(StringComparer.Ordinal);
        var unseen = entryIds.Where(id => !applied.Contains(id)).ToArray();
        if (unseen.Length > 0)
        {
            applied.UnionWith(await ledger.FindAsync(UserId, unseen, CancellationToken.None));
        }

        return applied;
    }

    /// <summary>How much the clawback entry <paramref name="entryId"/> took, if it was applied (in the state still, or in the table).</summary>
    private async Task<int?> TakenAsync(string entryId) =>
        State.Unflushed.FirstOrDefault(e => e.Id == entryId) is { } pending ? -pending.Amount
        : await ledger.AmountOfAsync(UserId, entryId, CancellationToken.None) is { } amount ? -amount
        : null;

    /// <summary>
    /// The newest <paramref name="count"/> listed entries before <paramref name="beforePosition"/>, newest first: from the
    /// table, and from the state for those the table could not take yet, so that a read shows every entry the balance counts.
    /// </summary>
    private async Task<IReadOnlyList<PositionedEntry>> NewestBeforeAsync(long? beforePosition, int count)
    {
        await TryFlushAsync();
        var fromTable = await ledger.ReadBeforeAsync(UserId, beforePosition, count, CancellationToken.None);
        var before = beforePosition ?? long.MaxValue;
        return fromTable
            .Concat(State.PositionedUnflushed().Where(e => e.Position < before && e.Entry.Kind != LedgerKinds.Refusal))
            .DistinctBy(e => e.Position)
            .OrderByDescending(e => e.Position)
            .Take(count)
            .ToArray();
    }

    /// <summary>Applies what this call changed (its write is the commit point), then copies the new entries to the table.</summary>
    private async Task SaveAsync()
    {
        await store.WriteOrReloadAsync(this);
        await TryFlushAsync();
    }

    /// <summary>
    /// Copies the state's entries to the table, if it can. The operation they belong to is applied already: when the
    /// table fails, they stay in the state, and the next change, activation, reminder or read of the ledger copies them.
    /// </summary>
    private async Task TryFlushAsync()
    {
        try
        {
            await FlushAsync();
        }
        catch (Exception error)
        {
            logger.LogWarning(error, "Could not copy {Count} ledger entries of {UserId} to the ledger table; they stay in the grain's state",
                State.Unflushed.Count, UserId);
        }
    }

    private async Task FlushAsync()
    {
        if (State.Unflushed.Count == 0)
        {
            return;
        }

        var entries = State.PositionedUnflushed();
        await ledger.AppendAsync(UserId, entries, CancellationToken.None);
        // Dropped from memory only, which saves a write per operation: storage keeps them until this grain's next write,
        // and copying them again (after a crash, or a failed write that reloads the state) is a no-op.
        State.Unflushed.RemoveRange(0, entries.Count);
    }

    /// <summary>
    /// Brings a state written before the ledger table to today's shape: its whole ledger is unflushed (and counted), a
    /// refused reservation gets its refusal entry, and settled ones are kept only as the few recent ones are.
    /// True when there was anything to change.
    /// </summary>
    private bool UpgradeOldState()
    {
        if (State.Appended >= State.Unflushed.Count)
        {
            return false;
        }

        State.Appended = State.Unflushed.Count;
        foreach (var (id, reservation) in State.Reservations.Where(r => r.Value.Status != ReservationStatus.Open).ToList())
        {
            if (reservation.Status == ReservationStatus.Rejected)
            {
                Append(id, LedgerKinds.Refusal, 0, reservation.Reason);
            }

            Settle(id, reservation);
        }

        return true;
    }
}
