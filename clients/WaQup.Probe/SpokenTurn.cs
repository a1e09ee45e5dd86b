namespace WaQup.Probe;

/// <summary>One utterance the probe spoke, what the server heard, and how long each step took (milliseconds).</summary>
/// <param name="SpeechEndToStoppedMs">From the last frame of speech sent (before the trailing silence) to <c>input_audio.speech_stopped</c>; holds the silence the server waits for.</param>
/// <param name="StoppedToFinalMs">From <c>input_audio.speech_stopped</c> to the final <c>user.transcript</c>: the recogniser's share.</param>
/// <param name="FinalToAudioMs">From the final transcript to the reply's first audio frame.</param>
public sealed record SpokenTurn(int Turn, string Line, string? Said, string Heard, double SpeechEndToStoppedMs, double StoppedToFinalMs, double FinalToAudioMs)
{
    public double SpeechEndToFinalMs => SpeechEndToStoppedMs + StoppedToFinalMs;

    public double SpeechEndToAudioMs => SpeechEndToFinalMs + FinalToAudioMs;
}
