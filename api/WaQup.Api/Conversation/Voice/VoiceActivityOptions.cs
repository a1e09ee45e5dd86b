namespace WaQup.Api.Conversation.Voice;

/// <summary>The voice activity detector's tuning (<c>Voice:Activity</c>); docs/voice.md says how each was chosen.</summary>
public sealed record VoiceActivityOptions
{
    /// <summary>How far above the noise floor a frame must be to count as speech.</summary>
    public double OnsetMarginDb { get; init; } = 12;

    /// <summary>Once speaking, how far above the floor keeps it speech (lower than the onset: hysteresis).</summary>
    public double ReleaseMarginDb { get; init; } = 6;

    /// <summary>The onset margin while the assistant may be heard through the person's speakers.</summary>
    public double PlaybackMarginDb { get; init; } = 20;

    /// <summary>Nothing quieter than this is speech, however quiet the room.</summary>
    public double MinSpeechDb { get; init; } = -50;

    /// <summary>The floor never goes below this (digital silence would make any hiss speech).</summary>
    public double MinFloorDb { get; init; } = -75;

    /// <summary>The floor assumed before the first frame.</summary>
    public double InitialFloorDb { get; init; } = -60;

    /// <summary>How fast the floor climbs towards louder frames (noise that grows), in dB per second.</summary>
    public double FloorRiseDbPerSecond { get; init; } = 4;

    /// <summary>Loud frames needed within the window for speech to start.</summary>
    public int OnsetFrames { get; init; } = 4;

    /// <summary>The window of recent frames, in 20 ms frames.</summary>
    public int OnsetWindowFrames { get; init; } = 6;

    /// <summary>Silence after speech that ends an utterance (PROTOCOL.md: about 700 ms).</summary>
    public int SilenceMs { get; init; } = 700;

    /// <summary>
    /// How much of a pause within or after speech goes to the recogniser as it comes. The rest of a pause waits, and goes
    /// only if speech resumes: the silence that ends an utterance is not decoded, which is a fifth to a quarter of the
    /// CPU an utterance costs.
    /// </summary>
    public int DecodedPauseMs { get; init; } = 240;

    /// <summary>Audio kept from before speech was found, so its first sound reaches the recogniser.</summary>
    public int PreRollMs { get; init; } = 300;
}
