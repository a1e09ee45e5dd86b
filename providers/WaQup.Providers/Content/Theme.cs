namespace WaQup.Providers.Content;

/// <summary>What a topic is broadly about, which picks the lines that suit it.</summary>
internal enum Theme
{
    Sleep,
    Calm,
    Focus,
    Confidence,
    Energy,
    Kindness,
}
