namespace WaQup.Providers.Speech;

/// <summary>How to run espeak-ng: the executable, the voice used for "default" and unknown voices, and the speaking rate.</summary>
public sealed record EspeakOptions
{
    /// <summary>The executable, looked up on PATH unless it contains a directory.</summary>
    public string Path { get; init; } = "espeak-ng";

    /// <summary>An espeak-ng voice name; "female" and "male" add the +f3 / +m3 variants to it.</summary>
    public string DefaultVoice { get; init; } = "en-us";

    /// <summary>Speaking rate passed as -s; null leaves espeak-ng's own default (175).</summary>
    public int? WordsPerMinute { get; init; } = 160;
}
