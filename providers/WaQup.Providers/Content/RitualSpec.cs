using WaQup.Abstractions.Protocol;
namespace WaQup.Providers.Content;

/// <summary>Everything a script writer needs to write one ritual for one person.</summary>
/// <param name="Seed">Makes the built-in generator deterministic: the same seed and spec give the same script.</param>
public sealed record RitualSpec(
    RitualKind Kind,
    string Topic,
    int DurationMinutes,
    string? DisplayName,
    string Locale,
    int Seed);
