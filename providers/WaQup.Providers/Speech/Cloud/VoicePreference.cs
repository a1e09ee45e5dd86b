namespace WaQup.Providers.Speech.Cloud;

/// <summary>Turns a person's voice preference ("female", "male", a provider's own voice, anything else) into a provider voice.</summary>
internal static class VoicePreference
{
    /// <remarks>Anything unknown falls back to the default, so a stale preference never fails a session.</remarks>
    public static string Resolve(string? preference, string defaultVoice, string? female, string? male, Func<string, string?> known)
    {
        var requested = preference?.Trim() ?? string.Empty;
        if (requested.Equals("female", StringComparison.OrdinalIgnoreCase))
        {
            return female ?? defaultVoice;
        }

        if (requested.Equals("male", StringComparison.OrdinalIgnoreCase))
        {
            return male ?? defaultVoice;
        }

        return known(requested) ?? defaultVoice;
    }
}
