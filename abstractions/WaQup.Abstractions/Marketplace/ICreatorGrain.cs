namespace WaQup.Abstractions.Marketplace;

/// <summary>A person as a creator, keyed by their user id: the public profile, their days and their rewards.</summary>
public interface ICreatorGrain : IGrainWithStringKey
{
    /// <summary>Makes the person a creator, or updates their profile; the public creator id is made once and kept.</summary>
    Task<CreatorProfile> BecomeAsync(string displayName, string bio);

    /// <summary>The profile, or null when the person is not a creator.</summary>
    Task<CreatorProfile?> GetAsync();

    /// <summary>Every UTC day from <paramref name="from"/> to <paramref name="to"/>, zeros included; null when not a creator.</summary>
    Task<IReadOnlyList<CreatorDay>?> GetDaysAsync(DateOnly from, DateOnly to);

    /// <summary>The newest <paramref name="limit"/> reward entries of the person's credit ledger and their sum; null when not a creator.</summary>
    Task<CreatorRewards?> GetRewardsAsync(int limit);
}
