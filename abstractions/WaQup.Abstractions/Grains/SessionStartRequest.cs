namespace WaQup.Abstractions.Grains;

/// <summary>A <c>session.start</c>: a new session when <see cref="ResumeToken"/> is null, else a resume.</summary>
[GenerateSerializer, Immutable, Alias("waqup.SessionStartRequest")]
public sealed record SessionStartRequest(string UserId, string? ResumeToken, uint LastAudioSeq, string? AudioFormat);
