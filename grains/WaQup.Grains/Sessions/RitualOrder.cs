using WaQup.Abstractions.Protocol;
using WaQup.Providers.Content;

namespace WaQup.Grains.Sessions;

/// <summary>A ritual the person has been quoted for, or is being made: what, in which voice, at what price.</summary>
/// <param name="Topic">What it is for, with its moment, in the person's words ("my job interview tomorrow").</param>
/// <param name="Feeling">How they said they feel about it ("nervous"), for the writer; null when they did not say.</param>
[GenerateSerializer, Alias("waqup.RitualOrder")]
public sealed record RitualOrder(string Kind, string Topic, int DurationMinutes, string Voice, int Price, string? Feeling = null)
{
    private const int ReasonTopicChars = 120;

    public RitualKind RitualKind => WireJson.TryParseKind(Kind, out var kind) ? kind : RitualKind.Affirmation;

    /// <summary>What the ledger says the credits were for: "ritual rit_…: 5-minute meditation on my exam".</summary>
    public static string LedgerReason(string ritualId, RitualOrder order)
    {
        var topic = order.Topic.Length <= ReasonTopicChars ? order.Topic : order.Topic[..ReasonTopicChars].TrimEnd() + "…";
        return $"ritual {ritualId}: {order.DurationMinutes}-minute {order.Kind} on {topic}";
    }
}
