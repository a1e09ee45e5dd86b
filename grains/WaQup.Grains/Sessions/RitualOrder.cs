using WaQup.Abstractions.Protocol;
using WaQup.Providers.Content;

namespace WaQup.Grains.Sessions;

/// <summary>A ritual the person has been quoted for, or is being made: what, in which voice, at what price.</summary>
/// <param name="Topic">What it is for, with its moment, in the person's words ("my job interview tomorrow").</param>
/// <param name="Feeling">How they said they feel about it ("nervous"), for the writer; null when they did not say.</param>
[GenerateSerializer, Alias("waqup.RitualOrder")]
public sealed record RitualOrder(string Kind, string Topic, int DurationMinutes, string Voice, int Price, string? Feeling = null)
{
    public RitualKind RitualKind => WireJson.TryParseKind(Kind, out var kind) ? kind : RitualKind.Affirmation;
}
