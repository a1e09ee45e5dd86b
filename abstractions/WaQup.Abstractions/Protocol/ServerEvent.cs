using System.Text.Json.Serialization;

namespace WaQup.Abstractions.Protocol;

/// <summary>A JSON event the server sends on the conversation socket; the discriminator is <c>type</c>.</summary>
[GenerateSerializer, Alias("waqup.ServerEvent")]
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(SessionReadyEvent), "session.ready")]
[JsonDerivedType(typeof(StateChangedEvent), "state.changed")]
[JsonDerivedType(typeof(AssistantTextDeltaEvent), "assistant.text.delta")]
[JsonDerivedType(typeof(AssistantTextDoneEvent), "assistant.text.done")]
[JsonDerivedType(typeof(AudioStartEvent), "audio.start")]
[JsonDerivedType(typeof(AudioDoneEvent), "audio.done")]
[JsonDerivedType(typeof(RitualCreatedEvent), "ritual.created")]
[JsonDerivedType(typeof(CreditsUpdatedEvent), "credits.updated")]
[JsonDerivedType(typeof(ResponseCancelledEvent), "response.cancelled")]
[JsonDerivedType(typeof(ErrorEvent), "error")]
[JsonDerivedType(typeof(SessionReconnectEvent), "session.reconnect")]
[JsonDerivedType(typeof(SpeechStartedEvent), "input_audio.speech_started")]
[JsonDerivedType(typeof(SpeechStoppedEvent), "input_audio.speech_stopped")]
[JsonDerivedType(typeof(UserTranscriptEvent), "user.transcript")]
public abstract record ServerEvent;

/// <summary>Answer to <c>session.start</c>.</summary>
[GenerateSerializer, Immutable, Alias("waqup.SessionReadyEvent")]
public sealed record SessionReadyEvent(
    string SessionId,
    string ResumeToken,
    string State,
    bool Resumed,
    string AudioFormat,
    int SampleRate,
    int FrameMs,
    CreditsView Credits) : ServerEvent;

/// <summary>The dialogue moved from <c>previous</c> to <c>state</c>.</summary>
[GenerateSerializer, Immutable, Alias("waqup.StateChangedEvent")]
public sealed record StateChangedEvent(string State, string Previous) : ServerEvent;

/// <summary>A piece of what the assistant is saying, as it is produced.</summary>
[GenerateSerializer, Immutable, Alias("waqup.AssistantTextDeltaEvent")]
public sealed record AssistantTextDeltaEvent(string ResponseId, string Text) : ServerEvent;

/// <summary>The whole text of one assistant response.</summary>
[GenerateSerializer, Immutable, Alias("waqup.AssistantTextDoneEvent")]
public sealed record AssistantTextDoneEvent(string ResponseId, string Text) : ServerEvent;

/// <summary>Binary audio frames of this response follow.</summary>
[GenerateSerializer, Immutable, Alias("waqup.AudioStartEvent")]
public sealed record AudioStartEvent(string ResponseId) : ServerEvent;

/// <summary>The last audio frame of this response has been sent.</summary>
[GenerateSerializer, Immutable, Alias("waqup.AudioDoneEvent")]
public sealed record AudioDoneEvent(string ResponseId, uint LastSeq, long DurationMs) : ServerEvent;

/// <summary>A ritual is saved in the caller's library.</summary>
[GenerateSerializer, Immutable, Alias("waqup.RitualCreatedEvent")]
public sealed record RitualCreatedEvent(string RitualId, string Kind, string Title, long DurationMs, int CreditsCharged) : ServerEvent;

/// <summary>The caller's credits after a change.</summary>
[GenerateSerializer, Immutable, Alias("waqup.CreditsUpdatedEvent")]
public sealed record CreditsUpdatedEvent(int Balance, int Reserved) : ServerEvent;

/// <summary>No audio frame of this response follows.</summary>
[GenerateSerializer, Immutable, Alias("waqup.ResponseCancelledEvent")]
public sealed record ResponseCancelledEvent(string ResponseId) : ServerEvent;

/// <summary>Something went wrong; after a fatal error the server closes the socket.</summary>
/// <param name="RetryAfterMs">With <c>overloaded</c>: how long to wait before asking again; absent otherwise.</param>
[GenerateSerializer, Immutable, Alias("waqup.ErrorEvent")]
public sealed record ErrorEvent(string Code, string Message, bool Fatal, int? RetryAfterMs = null) : ServerEvent;

/// <summary>
/// This node is going away (a rolling update, a scale-down): reconnect to any node and resume with the session's
/// <c>resume_token</c> and <c>last_audio_seq</c>. The socket then closes with 1012 (service restart).
/// </summary>
[GenerateSerializer, Immutable, Alias("waqup.SessionReconnectEvent")]
public sealed record SessionReconnectEvent(string Reason, string Message) : ServerEvent
{
    public const string ServerShutdown = "server_shutdown";

    /// <summary>The WebSocket close code that follows: 1012, service restart (RFC 6455's registry).</summary>
    public const int CloseCode = 1012;
}

/// <summary>Speech began at <see cref="AudioMs"/> into this connection's microphone stream.</summary>
[GenerateSerializer, Immutable, Alias("waqup.SpeechStartedEvent")]
public sealed record SpeechStartedEvent(long AudioMs) : ServerEvent;

/// <summary>Speech ended at <see cref="AudioMs"/> into this connection's microphone stream.</summary>
[GenerateSerializer, Immutable, Alias("waqup.SpeechStoppedEvent")]
public sealed record SpeechStoppedEvent(long AudioMs) : ServerEvent;

/// <summary>
/// What the recogniser heard: partial (<see cref="Final"/> false) while the person speaks, then exactly one final
/// transcript per utterance, handled as a <c>user.text</c> with that text; <c>""</c> when nothing was recognised.
/// </summary>
[GenerateSerializer, Immutable, Alias("waqup.UserTranscriptEvent")]
public sealed record UserTranscriptEvent(string Text, bool Final) : ServerEvent;
