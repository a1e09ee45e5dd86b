namespace WaQup.Grains.Credits;

/// <summary>The ledger table: settled credit entries that the credit grains copy there, keyed by user and entry id.</summary>
public interface ICreditLedger
{
    /// <summary>Copies the entries; one the table already holds (same user and entry id) is left as it is.</summary>
    Task AppendAsync(string userId, IReadOnlyList<PositionedEntry> entries, CancellationToken cancellationToken);

    /// <summary>Which of <paramref name="entryIds"/> the table holds for the user.</summary>
    Task<IReadOnlySet<string>> FindAsync(string userId, IReadOnlyCollection<string> entryIds, CancellationToken cancellationToken);

    /// <summary>The amount of the user's entry <paramref name="entryId"/>, or null when the table does not hold it.</summary>
    Task<int?> AmountOfAsync(string userId, string entryId, CancellationToken cancellationToken);

    /// <summary>
    /// The newest <paramref name="limit"/> entries shown to the user (refusals are not) whose position is before
    /// <paramref name="beforePosition"/>, or the newest of all when it is null; newest first.
    /// </summary>
    Task<IReadOnlyList<PositionedEntry>> ReadBeforeAsync(string userId, long? beforePosition, int limit, CancellationToken cancellationToken);

    /// <summary>The sum of the user's entries of <paramref name="kind"/>, and the newest <paramref name="limit"/> of them, newest first.</summary>
    Task<(long Total, IReadOnlyList<PositionedEntry> NewestFirst)> ReadKindAsync(string userId, string kind, int limit, CancellationToken cancellationToken);
}
