namespace WaQup.Providers.Speech.Embedded;

/// <summary>One of flite's voices: its id (the suffix of <c>libflite_cmu_us_ID.so.1</c>), a name and what it sounds like.</summary>
public sealed record FliteVoice(string Id, string Name, string Description);
