namespace WaQup.Abstractions.Marketplace;

/// <summary>A pack grain's answer: the pack as the caller sees it when done, otherwise why not.</summary>
[GenerateSerializer, Immutable, Alias("waqup.PackOutcome")]
public sealed record PackOutcome(PackAnswer Answer, PackView? Pack, string? Detail)
{
    public static PackOutcome Refused(PackAnswer answer, string detail) => new(answer, null, detail);
}
