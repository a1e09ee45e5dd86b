namespace WaQup.Abstractions.Grains;

/// <summary>A person: profile and preferences. The first call of any method is their first sight (welcome grant).</summary>
public interface IUserGrain : IGrainWithStringKey
{
    Task<UserProfile> GetProfileAsync();

    Task<UserProfile> UpdatePreferencesAsync(PreferencesPatch patch);

    /// <summary>Sets the name the assistant uses (<c>PATCH /v1/me</c>).</summary>
    /// <exception cref="ArgumentException">The name is not 1 to 60 characters of text (<see cref="DisplayNames.Tidy"/>).</exception>
    Task<UserProfile> SetNameAsync(string name);

    /// <summary>
    /// The name the person's token carries (its <c>name</c> claim): it becomes their name if they have none yet, and
    /// changes nothing otherwise; a claim that is not a usable name is ignored.
    /// </summary>
    Task<UserProfile> IntroduceAsync(string? nameClaim);

    /// <summary>
    /// Takes <paramref name="speech"/> from the person's allowance of speech nobody pays for (greetings, questions,
    /// quotes), shared by all their sessions; false when it is spent, and the reply is then given as text only.
    /// </summary>
    Task<bool> TakeUnpaidSpeechAsync(TimeSpan speech);

    /// <summary>The person's rituals and those of the packs they own, newest first.</summary>
    Task<IReadOnlyList<RitualSummary>> GetLibraryAsync();
}
