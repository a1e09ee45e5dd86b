using WaQup.Abstractions.Protocol;

namespace WaQup.Abstractions.Grains;

/// <summary>The quiet backgrounds a meditation or ritual can carry under its voice: the values of the <c>sound_bed</c> preference.</summary>
public static class SoundBeds
{
    public const string None = "none";

    /// <summary>Soft noise that swells slowly, like distant surf.</summary>
    public const string Noise = "noise";

    /// <summary>A low, slowly breathing chord.</summary>
    public const string Drone = "drone";

    /// <summary>Soft bowls struck every few seconds, ringing out.</summary>
    public const string Bells = "bells";

    /// <summary>What a person who chose nothing hears under a meditation or ritual.</summary>
    public const string Default = Drone;

    public static IReadOnlyList<string> Names { get; } = [None, Noise, Drone, Bells];

    public static bool IsKnown(string? name) => name is not null && Names.Contains(name);

    /// <summary>The preference as it stands: one stored before there were beds (null) is the default.</summary>
    public static string Chosen(string? preference) => IsKnown(preference) ? preference! : Default;

    /// <summary>The bed under a ritual of this kind: affirmations never carry one.</summary>
    public static string For(RitualKind kind, string? preference) => kind == RitualKind.Affirmation ? None : Chosen(preference);
}
