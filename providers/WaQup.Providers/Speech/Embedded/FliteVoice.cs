namespace WaQup.Providers.Speech.Embedded;

/// <summary>One of flite's voices: its id (the suffix of <c>libflite_cmu_us_ID.so.1</c>), a name and what it sounds like.</summary>
/// <param name="GainDb">Applied to its audio, so every voice (and espeak-ng, the fallback) speaks equally loud.</param>
public sealed record FliteVoice(string Id, string Name, string Description, double GainDb);
