using WaQup.Abstractions.Protocol;
using WaQup.Providers.Content;

namespace WaQup.Grains.Sessions;

/// <summary>The persisted form of the slots gathered so far; the kind is kept by its wire name.</summary>
[GenerateSerializer, Alias("waqup.SessionSlots")]
/// <remarks>Feeling and Moment came later: a record written before them reads back with both null.</remarks>
public sealed record SessionSlots(string? Kind, string? Topic, int? DurationMinutes, string? Voice, string? Feeling = null, string? Moment = null)
{
    public static SessionSlots Empty { get; } = new(null, null, null, null);

    /// <summary>The topic with its moment ("my job interview tomorrow"), as the order and the quote carry it.</summary>
    public string? TopicAndMoment => ToValues().TopicAndMoment;

    public SlotValues ToValues() =>
        new(WireJson.TryParseKind(Kind, out var kind) ? kind : null, Topic, DurationMinutes, Voice, Feeling, Moment);

    public static SessionSlots From(SlotValues values) =>
        new(values.Kind is { } kind ? WireJson.Name(kind) : null, values.Topic, values.DurationMinutes, values.Voice, values.Feeling, values.Moment);
}
