namespace WaQup.Providers.Audio.Mixing;

/// <summary>How a ritual's voice is levelled and its bed set under it (docs/voice.md, "Sound beds and loudness").</summary>
public sealed record MixSettings
{
    /// <summary>The integrated loudness the voice is brought to, in LUFS.</summary>
    public double TargetLufs { get; init; } = -16;

    /// <summary>The highest true peak let out, in dBTP: below the −1 promised, since Opus encoding adds a little.</summary>
    public double CeilingDb { get; init; } = -2;

    /// <summary>What the voice's loudness is taken to be before enough of it was measured, in LUFS.</summary>
    public double ExpectedVoiceLufs { get; init; } = -22;

    /// <summary>How far under the voice's loudness the bed plays in pauses, in dB.</summary>
    public double BedBelowVoiceDb { get; init; } = 20;

    /// <summary>How much further down the bed goes while the voice speaks, in dB.</summary>
    public double BedDuckDb { get; init; } = 8;

    /// <summary>How long the bed takes to rise at the start.</summary>
    public TimeSpan FadeIn { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long the bed plays on after the voice, fading out.</summary>
    public TimeSpan FadeOut { get; init; } = TimeSpan.FromSeconds(4);
}
