namespace WaQup.Providers.Speech.Embedded;

/// <summary>The flite voices waQup speaks with, and how a voice preference picks one.</summary>
/// <remarks>
/// A preference is a voice id (slt, rms, awb), "default", "female" (slt) or "male" (rms), or one of the names the
/// spoken-voice phrases make for espeak-ng (<c>en-us+m3</c>, <c>en-gb-scotland</c>): those pick the flite voice nearest
/// to what was asked (a male variant is rms, a Scottish accent awb). Anything else is the default voice, so a stale
/// preference never fails a session.
/// </remarks>
public static class FliteVoices
{
    public static IReadOnlyList<FliteVoice> All { get; } =
    [
        // slt comes out 5-6 dB louder than rms, awb and espeak-ng (RMS -15 to -16 against -21 to -22 dBFS): a listener
        // would hear the volume jump between voices, and its echo would stand that much higher against barge-in's margins.
        new("slt", "SLT", "US English, female: clear and even (the default)", GainDb: -6),
        new("rms", "RMS", "US English, male: lower and slower", GainDb: 0),
        new("awb", "AWB", "Scottish English, male", GainDb: 0),
    ];

    /// <summary>The voice of that id.</summary>
    public static FliteVoice Get(string id) => All.Single(v => v.Id == id);

    /// <summary>The id of the voice <paramref name="requested"/> picks, <paramref name="defaultVoice"/> when it picks none.</summary>
    public static string Resolve(string? requested, string defaultVoice)
    {
        var name = requested?.Trim().ToLowerInvariant() ?? string.Empty;
        if (All.Any(v => v.Id == name))
        {
            return name;
        }

        var plusAt = name.IndexOf('+', StringComparison.Ordinal);
        var language = plusAt < 0 ? name : name[..plusAt];
        var variant = plusAt < 0 ? string.Empty : name[(plusAt + 1)..];
        return (name, language, variant) switch
        {
            ("female", _, _) => "slt",
            ("male", _, _) => "rms",
            (_, "en" or "en-us" or "en-gb" or "en-gb-scotland", _) when language.EndsWith("scotland", StringComparison.Ordinal) => "awb",
            (_, "en" or "en-us" or "en-gb", ['m', ..]) => "rms",
            (_, "en" or "en-us" or "en-gb", ['f', ..]) => "slt",
            _ => defaultVoice,
        };
    }
}
