using System.Text.Json.Serialization;

namespace WaQup.Abstractions.Rest;

/// <summary><c>POST /v1/plays</c>: one event of the caller's player; <c>event</c> is start, progress or complete.</summary>
public sealed record PlayRequest(
    [property: JsonPropertyName("ritual_id")] string RitualId,
    [property: JsonPropertyName("event")] string Event,
    [property: JsonPropertyName("position_ms")] long PositionMs);

/// <summary>
/// The answer to a play event (202): whether the play has counted and completed by now; <c>note</c> says why an event
/// was heard but not counted (it ran ahead of the clock, or a completion came before the end).
/// </summary>
public sealed record PlayAcceptedBody(
    [property: JsonPropertyName("counted")] bool Counted,
    [property: JsonPropertyName("completed")] bool Completed,
    [property: JsonPropertyName("note"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Note);

/// <summary>The caller's listening on <c>GET /v1/me</c>: streak (days in a row with a counted play), longest streak, minutes in all.</summary>
public sealed record ListeningBody(
    [property: JsonPropertyName("streak_days")] int StreakDays,
    [property: JsonPropertyName("longest_streak_days")] int LongestStreakDays,
    [property: JsonPropertyName("total_minutes")] long TotalMinutes);
