using WaQup.Abstractions.Protocol;
using WaQup.Providers.Content;

namespace WaQup.Grains.Sessions;

/// <summary>A ritual the person has been quoted for, or is being made: what, in which voice, at what price.</summary>
[GenerateSerializer, Alias("waqup.RitualOrder")]
public sealed record RitualOrder(string Kind, string Topic, int DurationMinutes, string Voice, int Price)
{
    public RitualKind RitualKind => WireJson.TryParseKind(Kind, out var kind) ? kind : RitualKind.Affirmation;
}
