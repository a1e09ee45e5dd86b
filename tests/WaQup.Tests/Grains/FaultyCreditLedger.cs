using System.Collections.Concurrent;
using WaQup.Grains.Credits;

namespace WaQup.Tests.Grains;

/// <summary>
/// The ledger table with faults a test turns on for one user: copies that fail before reaching the table, or that
/// reach it and then fail as if the answer were lost. Reads always work.
/// </summary>
public sealed class FaultyCreditLedger(ICreditLedger real) : ICreditLedger
{
    private static readonly ConcurrentDictionary<string, LedgerFault> Faults = new(StringComparer.Ordinal);

    public static void Set(string userId, LedgerFault fault) => Faults[userId] = fault;

    public async Task AppendAsync(string userId, IReadOnlyList<PositionedEntry> entries, CancellationToken cancellationToken)
    {
        var fault = Faults.GetValueOrDefault(userId);
        if (fault == LedgerFault.Refused)
        {
            throw new IOException($"The test refused to copy {entries.Count} ledger entries of {userId}.");
        }

        await real.AppendAsync(userId, entries, cancellationToken);
        if (fault == LedgerFault.AnswerLost)
        {
            throw new IOException($"The test lost the answer to a copy of {entries.Count} ledger entries of {userId}.");
        }
    }

    public Task<IReadOnlySet<string>> FindAsync(string userId, IReadOnlyCollection<string> entryIds, CancellationToken cancellationToken) =>
        real.FindAsync(userId, entryIds, cancellationToken);

    public Task<int?> AmountOfAsync(string userId, string entryId, CancellationToken cancellationToken) =>
        real.AmountOfAsync(userId, entryId, cancellationToken);

    public Task<IReadOnlyList<PositionedEntry>> ReadBeforeAsync(string userId, long? beforePosition, int limit, CancellationToken cancellationToken) =>
        real.ReadBeforeAsync(userId, beforePosition, limit, cancellationToken);

    public Task<(long Total, IReadOnlyList<PositionedEntry> NewestFirst)> ReadKindAsync(string userId, string kind, int limit, CancellationToken cancellationToken) =>
        real.ReadKindAsync(userId, kind, limit, cancellationToken);
}
