using WaQup.Abstractions.Voice;

namespace WaQup.Api.Conversation.Voice;

/// <summary>What the api hears microphone audio with: the recogniser the host chose, and the detector's tuning.</summary>
public sealed record VoiceInputSetup(ISpeechRecognizer Recognizer, VoiceActivityOptions Activity);
