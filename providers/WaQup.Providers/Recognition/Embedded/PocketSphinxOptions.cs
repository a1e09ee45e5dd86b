namespace WaQup.Providers.Recognition.Embedded;

/// <summary>Where the embedded recogniser finds its models, and how much of the machine it may use (<c>Recognition:PocketSphinx</c>).</summary>
public sealed record PocketSphinxOptions
{
    /// <summary>The acoustic model (Debian <c>pocketsphinx-en-us</c>).</summary>
    public string AcousticModel { get; init; } = "/usr/share/pocketsphinx/model/en-us/en-us";

    /// <summary>The pronouncing dictionary the domain model takes its words from.</summary>
    public string Dictionary { get; init; } = "/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict";

    /// <summary>Where built language models are kept between runs; a folder of the system's temporary directory by default.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>
    /// Decoders at most, which is how many utterances are decoded as they are spoken (each holds about 10 MB); an
    /// utterance that finds none free keeps its audio until one is, then catches up; one whose speech has ended goes
    /// before those still being spoken.
    /// </summary>
    public int MaxDecoders { get; init; } = 16;

    /// <summary>
    /// How many pieces of audio are decoded at the same moment: the CPU decoding may take, so a crowd of speakers
    /// cannot starve the rest of the node. Default: the processor count.
    /// </summary>
    public int MaxConcurrentDecoding { get; init; } = Environment.ProcessorCount;

    /// <summary>How much new audio comes between two partial transcripts.</summary>
    public int PartialEveryMs { get; init; } = 400;

    /// <summary>More decoder arguments, as PocketSphinx spells them (<c>-beam 1e-60</c>), for tuning.</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    /// <summary>The longest utterance kept: audio beyond it is not decoded.</summary>
    public int MaxUtteranceMs { get; init; } = 5 * 60 * 1000;
}
