using Microsoft.Extensions.Options;
using WaQup.Abstractions.Grains;
using WaQup.Grains.Configuration;
using WaQup.Grains.Persistence;
using WaQup.Grains.Rituals;

namespace WaQup.Grains.Users;

/// <summary>A person's profile and preferences; welcomes them with credits the first time they are seen.</summary>
public sealed class UserGrain(
    [PersistentState("user", "waqup")] IPersistentState<UserState> store,
    IOptions<ConversationOptions> options,
    IRitualCatalog catalog,
    TimeProvider clock) : Grain, IUserGrain
{
    private UnpaidSpeechBudget? _unpaidSpeech;

    public async Task<UserProfile> GetProfileAsync()
    {
        await WelcomeOnFirstSightAsync();
        return Profile();
    }

    public async Task<UserProfile> UpdatePreferencesAsync(PreferencesPatch patch)
    {
        await WelcomeOnFirstSightAsync();
        var current = store.State.Preferences;
        store.State.Preferences = new Preferences(
            patch.Voice ?? current.Voice,
            patch.Locale ?? current.Locale,
            patch.DefaultDurationMinutes ?? current.DefaultDurationMinutes,
            patch.SoundBed ?? SoundBeds.Chosen(current.SoundBed));
        await store.WriteOrReloadAsync(this);
        return Profile();
    }

    public async Task<UserProfile> SetNameAsync(string name)
    {
        var tidy = DisplayNames.Tidy(name) ?? throw new ArgumentException($"a display name is 1 to {DisplayNames.MaxLength} characters of text", nameof(name));
        await WelcomeOnFirstSightAsync();
        if (store.State.DisplayName != tidy)
        {
            store.State.DisplayName = tidy;
            await store.WriteOrReloadAsync(this);
        }

        return Profile();
    }

    public async Task<UserProfile> IntroduceAsync(string? nameClaim)
    {
        await WelcomeOnFirstSightAsync();
        if (store.State.DisplayName is null && DisplayNames.Tidy(nameClaim) is { } tidy)
        {
            store.State.DisplayName = tidy;
            await store.WriteOrReloadAsync(this);
        }

        return Profile();
    }

    public Task<bool> TakeUnpaidSpeechAsync(TimeSpan speech)
    {
        // Kept in memory: an activation that goes away forgets what was spent, at worst one more burst.
        _unpaidSpeech ??= new UnpaidSpeechBudget(options.Value.UnpaidSpeechBurst, options.Value.UnpaidSpeechPerMinute, clock);
        return Task.FromResult(_unpaidSpeech.TryTake(speech));
    }

    public async Task<IReadOnlyList<RitualSummary>> GetLibraryAsync()
    {
        await WelcomeOnFirstSightAsync();
        return await catalog.ListLibraryAsync(this.GetPrimaryKeyString(), CancellationToken.None);
    }

    private async Task WelcomeOnFirstSightAsync()
    {
        if (store.State.Welcomed)
        {
            return;
        }

        // The grant is idempotent by its operation id, so a crash between these two writes grants once.
        await GrainFactory.GetGrain<ICreditGrain>(this.GetPrimaryKeyString())
            .GrantAsync("welcome", options.Value.WelcomeGrant, "welcome grant");
        store.State.Welcomed = true;
        store.State.FirstSeen = clock.GetUtcNow();
        await store.WriteOrReloadAsync(this);
    }

    private UserProfile Profile()
    {
        return new UserProfile(this.GetPrimaryKeyString(), store.State.DisplayName, store.State.Preferences);
    }
}
