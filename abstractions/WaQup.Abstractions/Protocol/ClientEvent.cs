namespace WaQup.Abstractions.Protocol;

/// <summary>A JSON event a client sends on the conversation socket, already validated.</summary>
[GenerateSerializer, Alias("waqup.ClientEvent")]
public abstract record ClientEvent
{
    public const int MaxTextLength = 4_000;
    public const int MaxTopicLength = 500;
    public const int MaxFrameBytes = 1024 * 1024;
}

/// <summary>First event on every connection: a new session, or a resume.</summary>
/// <param name="TurnDetection">How this connection's microphone utterances end: <see cref="ServerVad"/> (the default)
/// or <see cref="Manual"/>.</param>
public sealed record SessionStartCommand(string? SessionId, string? ResumeToken, uint LastAudioSeq, string? AudioFormat, string TurnDetection = SessionStartCommand.ServerVad) : ClientEvent
{
    /// <summary>The server finds the end of an utterance itself; <c>input_audio.commit</c> still ends one at once.</summary>
    public const string ServerVad = "server_vad";

    /// <summary>Only <c>input_audio.commit</c> ends an utterance.</summary>
    public const string Manual = "manual";
}

/// <summary>One transcribed utterance.</summary>
public sealed record UserTextCommand(string Text) : ClientEvent;

/// <summary>A structured request that skips slot filling; <see cref="Kind"/> is a valid wire name.</summary>
[GenerateSerializer, Immutable, Alias("waqup.RitualRequestCommand")]
public sealed record RitualRequestCommand(string Kind, string Topic, int? DurationMinutes, string? Voice, bool Confirm) : ClientEvent;

/// <summary>The answer to a confirmation.</summary>
public sealed record UserConfirmCommand(bool Accept) : ClientEvent;

/// <summary>The microphone audio since the last commit is one utterance.</summary>
public sealed record InputAudioCommitCommand : ClientEvent;

/// <summary>Barge-in.</summary>
public sealed record ResponseCancelCommand : ClientEvent;

/// <summary>The client has every audio frame up to <see cref="Seq"/>.</summary>
public sealed record AudioAckCommand(uint Seq) : ClientEvent;

/// <summary>End the session.</summary>
public sealed record SessionEndCommand : ClientEvent;
