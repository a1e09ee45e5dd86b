namespace WaQup.Abstractions.Plays;

/// <summary>
/// A person as a listener: the plays under way, which of them counted and completed, their streak and minutes, and the
/// rewards their completed plays earn creators.
/// </summary>
public interface IListenerGrain : IGrainWithStringKey
{
    /// <summary>One event from the person's player: a play starts, moves on, or reaches the end.</summary>
    Task<PlayAnswer> ReportAsync(PlayReport report);

    /// <summary>The person's listening so far: streak and minutes.</summary>
    Task<ListeningStats> GetStatsAsync();
}
