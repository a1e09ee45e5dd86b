using WaQup.Abstractions.Protocol;
using WaQup.Providers.Content;

namespace WaQup.Grains.Sessions;

/// <summary>The persisted form of the slots gathered so far; the kind is kept by its wire name.</summary>
[GenerateSerializer, Alias("waqup.SessionSlots")]
public sealed record SessionSlots(string? Kind, string? Topic, int? DurationMinutes, string? Voice)
{
    public static SessionSlots Empty { get; } = new(null, null, null, null);

    public SlotValues ToValues() =>
        new(WireJson.TryParseKind(Kind, out var kind) ? kind : null, Topic, DurationMinutes, Voice);

    public static SessionSlots From(SlotValues values) =>
        new(values.Kind is { } kind ? WireJson.Name(kind) : null, values.Topic, values.DurationMinutes, values.Voice);
}
