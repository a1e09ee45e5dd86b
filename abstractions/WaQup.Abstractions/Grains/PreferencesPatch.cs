namespace WaQup.Abstractions.Grains;

/// <summary>A partial update of <see cref="Preferences"/>: null leaves a field as it is.</summary>
[GenerateSerializer, Immutable, Alias("waqup.PreferencesPatch")]
public sealed record PreferencesPatch(string? Voice, string? Locale, int? DefaultDurationMinutes, string? SoundBed = null);
