namespace WaQup.Abstractions.Protocol;

/// <summary>The three kinds of ritual waQup makes; wire names are lower case.</summary>
public enum RitualKind
{
    Affirmation,
    Meditation,
    Ritual,
}
