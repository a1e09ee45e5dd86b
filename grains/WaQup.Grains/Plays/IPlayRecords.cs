namespace WaQup.Grains.Plays;

/// <summary>The plays table and what it keeps up to date: packs' play counts and creators' days (migration 0105).</summary>
public interface IPlayRecords
{
    /// <summary>
    /// The pack <paramref name="userId"/> plays the ritual through (one they own or made first, then a free published
    /// one), or null for a ritual of their own outside any such pack. Who may play a ritual is the ritual grain's rule.
    /// </summary>
    Task<PlayPack?> PackOfAsync(string ritualId, string userId, CancellationToken cancellationToken);

    /// <summary>Writes a counted play, once by its id, and counts it on its pack and its creator's day.</summary>
    Task CountAsync(string userId, PlayEffect counted, CancellationToken cancellationToken);

    /// <summary>Marks a play completed, once, and counts it (and the reward it earned) on its creator's day.</summary>
    Task CompleteAsync(PlayEffect completed, CancellationToken cancellationToken);
}
