namespace WaQup.Abstractions.Grains;

/// <summary>A person: profile and preferences. The first call of any method is their first sight (welcome grant).</summary>
public interface IUserGrain : IGrainWithStringKey
{
    Task<UserProfile> GetProfileAsync();

    Task<UserProfile> UpdatePreferencesAsync(PreferencesPatch patch);

    /// <summary>The person's rituals, newest first.</summary>
    Task<IReadOnlyList<RitualSummary>> GetLibraryAsync();
}
