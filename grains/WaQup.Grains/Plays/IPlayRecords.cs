namespace WaQup.Grains.Plays;

/// <summary>The plays table and what it keeps up to date: packs' play counts and creators' days (migration 0105).</summary>
public interface IPlayRecords
{
    /// <summary>The ritual as <paramref name="userId"/> would play it.</summary>
    Task<PlayContext> ContextAsync(string ritualId, string userId, CancellationToken cancellationToken);

    /// <summary>Writes a counted play, once by its id, and counts it on its pack and its creator's day.</summary>
    Task CountAsync(string userId, PlayEffect counted, CancellationToken cancellationToken);

    /// <summary>Marks a play completed, once, and counts it (and the reward it earned) on its creator's day.</summary>
    Task CompleteAsync(PlayEffect completed, CancellationToken cancellationToken);
}
