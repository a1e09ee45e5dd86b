using WaQup.Abstractions.Protocol;
namespace WaQup.Providers.Content;

/// <summary>Everything a script writer needs to write one ritual for one person.</summary>
/// <param name="Topic">What it is for, with its moment, in the person's words ("my job interview tomorrow").</param>
/// <param name="DisplayName">The person's name; null when they have given none (never their user id).</param>
/// <param name="Seed">Makes the built-in generator deterministic: the same seed and spec give the same script.</param>
/// <param name="Feeling">How they said they feel about it ("nervous", one of <see cref="NeedParts.Feelings"/>); null when not said.</param>
public sealed record RitualSpec(
    RitualKind Kind,
    string Topic,
    int DurationMinutes,
    string? DisplayName,
    string Locale,
    int Seed,
    string? Feeling = null);
