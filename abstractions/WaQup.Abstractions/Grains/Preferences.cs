namespace WaQup.Abstractions.Grains;

/// <summary>A person's defaults for new rituals.</summary>
[GenerateSerializer, Immutable, Alias("waqup.Preferences")]
public sealed record Preferences(string Voice, string Locale, int DefaultDurationMinutes)
{
    public static Preferences Default { get; } = new("default", "en-US", 5);
}
