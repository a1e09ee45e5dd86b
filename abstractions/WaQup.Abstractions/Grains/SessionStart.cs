using WaQup.Abstractions.Protocol;

namespace WaQup.Abstractions.Grains;

/// <summary>The answer to a start: either a ready event with what to replay, or an error.</summary>
/// <param name="Replay">Retained items a resuming client has not had, in order.</param>
/// <param name="Cursor">Poll after this index for what comes next.</param>
[GenerateSerializer, Immutable, Alias("waqup.SessionStart")]
public sealed record SessionStart(
    SessionReadyEvent? Ready,
    ErrorEvent? Error,
    int Connection,
    IReadOnlyList<OutboxItem> Replay,
    long Cursor);
