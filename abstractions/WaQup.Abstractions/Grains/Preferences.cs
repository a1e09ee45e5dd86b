namespace WaQup.Abstractions.Grains;

/// <summary>A person's defaults for new rituals.</summary>
/// <remarks>
/// <see cref="SoundBed"/> came later: a record stored before it reads back with null there, which
/// <see cref="SoundBeds.Chosen"/> takes as the default.
/// </remarks>
[GenerateSerializer, Immutable, Alias("waqup.Preferences")]
public sealed record Preferences(string Voice, string Locale, int DefaultDurationMinutes, string SoundBed = SoundBeds.Default)
{
    public static Preferences Default { get; } = new("default", "en-US", 5);
}
