namespace WaQup.Providers.Speech.Embedded;

/// <summary>Where flite's libraries are, the voice used for "default" and unknown voices, and the size of the chunks yielded.</summary>
public sealed record FliteOptions
{
    /// <summary>The folder holding libflite.so.1 and libflite_cmu_us_*.so.1; null looks them up on the loader's path.</summary>
    public string? LibraryDirectory { get; init; }

    /// <summary>One of <see cref="FliteVoices.All"/>: slt, rms or awb.</summary>
    public string DefaultVoice { get; init; } = "slt";

    /// <summary>Audio per chunk yielded: a sentence is made whole, then streamed in pieces of this length.</summary>
    public int ChunkMs { get; init; } = 160;
}
