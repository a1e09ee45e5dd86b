namespace WaQup.Grains.Plays;

/// <summary>A play's effect: it counted, or it completed.</summary>
[GenerateSerializer, Alias("waqup.PlayEffectKind")]
public enum PlayEffectKind
{
    Counted,
    Completed,
}
