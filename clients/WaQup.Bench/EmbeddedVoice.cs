using WaQup.Providers.Speech;
using WaQup.Providers.Speech.Embedded;

namespace WaQup.Bench;

/// <summary>
/// One embedded voice the voices benchmark compares: the silo's speech provider (<c>Speech:Provider</c>) and the voice a
/// ritual asks for. flite is the embedded voice now; espeak-ng is the one it replaced (the "before").
/// </summary>
public sealed record EmbeddedVoice(string Label, string Provider, string Voice)
{
    public static readonly EmbeddedVoice Espeak = new("espeak-ng (before)", "espeak", "default");

    /// <summary>flite's three voices, then espeak-ng.</summary>
    public static readonly IReadOnlyList<EmbeddedVoice> All =
    [
        new("flite slt", "flite", "slt"),
        new("flite rms", "flite", "rms"),
        new("flite awb", "flite", "awb"),
        Espeak,
    ];

    /// <summary>The provider's synthesiser as the silo builds it with its default options.</summary>
    public ISpeechSynthesizer Synthesizer() => Provider switch
    {
        "flite" => new FliteSpeechSynthesizer(),
        "espeak" => new EspeakSpeechSynthesizer(),
        _ => throw new InvalidOperationException($"no embedded synthesiser is called {Provider}"),
    };
}
