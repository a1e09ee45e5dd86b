namespace WaQup.Load;

/// <summary>The voice scenario's figures: how fast and how well what the sessions said was heard.</summary>
public sealed record VoiceSummary
{
    public static VoiceSummary Empty { get; } = new();

    /// <summary>Utterances whose final transcript came.</summary>
    public long Utterances { get; init; }

    /// <summary>From the last frame of speech sent (before the trailing silence) to <c>input_audio.speech_stopped</c>.</summary>
    public LatencyStats SpeechEndToStoppedMs { get; init; } = LatencyStats.Empty;

    /// <summary>From <c>input_audio.speech_stopped</c> to the final <c>user.transcript</c>.</summary>
    public LatencyStats StoppedToFinalMs { get; init; } = LatencyStats.Empty;

    /// <summary>From the last frame of speech sent to the final <c>user.transcript</c>.</summary>
    public LatencyStats SpeechEndToFinalMs { get; init; } = LatencyStats.Empty;

    /// <summary>From the end of a spoken "yes" to the ritual's first audio frame (not in the turn latency).</summary>
    public LatencyStats SpeechEndToRitualAudioMs { get; init; } = LatencyStats.Empty;

    /// <summary>Utterances whose words were known (flite lines, or a WAV with its .txt).</summary>
    public long TranscriptsKnown { get; init; }

    /// <summary>Known utterances heard word for word (case and punctuation aside).</summary>
    public long TranscriptsAsSaid { get; init; }

    public long WordErrors { get; init; }

    public long Words { get; init; }

    /// <summary>Word errors over the words said, among the known utterances.</summary>
    public double WordErrorRate { get; init; }

    /// <summary>Final transcripts with no words: the server heard nothing it could recognise.</summary>
    public long EmptyTranscripts { get; init; }

    /// <summary>Final transcripts beyond one per utterance (an utterance split in two by a pause).</summary>
    public long ExtraTranscripts { get; init; }

    /// <summary>Spoken requests or answers that did not lead where they should (the session was then ended and a new one started).</summary>
    public long Misheard { get; init; }

    /// <summary>The first known utterances heard with word errors, as "said …, heard …".</summary>
    public IReadOnlyList<string> Mishearings { get; init; } = [];
}
