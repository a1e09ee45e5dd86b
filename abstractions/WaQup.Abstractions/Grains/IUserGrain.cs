namespace WaQup.Abstractions.Grains;

/// <summary>A person: profile and preferences. The first call of any method is their first sight (welcome grant).</summary>
public interface IUserGrain : IGrainWithStringKey
{
    Task<UserProfile> GetProfileAsync();

    Task<UserProfile> UpdatePreferencesAsync(PreferencesPatch patch);

    /// <summary>
    /// Takes <paramref name="speech"/> from the person's allowance of speech nobody pays for (greetings, questions,
    /// quotes), shared by all their sessions; false when it is spent, and the reply is then given as text only.
    /// </summary>
    Task<bool> TakeUnpaidSpeechAsync(TimeSpan speech);

    /// <summary>The person's rituals, newest first.</summary>
    Task<IReadOnlyList<RitualSummary>> GetLibraryAsync();
}
