using System.Text.Json;
using System.Text.Json.Serialization;

namespace WaQup.Abstractions.Protocol;

/// <summary>The JSON settings of the public contract: snake_case names, lower-case enums.</summary>
public static class WireJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    public static string Name(SessionState state) => state switch
    {
        SessionState.Greeting => "greeting",
        SessionState.Listening => "listening",
        SessionState.Clarifying => "clarifying",
        SessionState.Confirming => "confirming",
        SessionState.Generating => "generating",
        SessionState.Speaking => "speaking",
        SessionState.Reviewing => "reviewing",
        SessionState.Ended => "ended",
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    public static string Name(RitualKind kind) => kind switch
    {
        RitualKind.Affirmation => "affirmation",
        RitualKind.Meditation => "meditation",
        RitualKind.Ritual => "ritual",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static bool TryParseKind(string? value, out RitualKind kind)
    {
        switch (value)
        {
            case "affirmation": kind = RitualKind.Affirmation; return true;
            case "meditation": kind = RitualKind.Meditation; return true;
            case "ritual": kind = RitualKind.Ritual; return true;
            default: kind = default; return false;
        }
    }

    public static byte[] Serialize(ServerEvent evt) => JsonSerializer.SerializeToUtf8Bytes(evt, Options);

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
