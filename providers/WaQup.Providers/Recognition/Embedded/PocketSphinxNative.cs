using System.Runtime.InteropServices;

namespace WaQup.Providers.Recognition.Embedded;

/// <summary>
/// The few calls of PocketSphinx 5prealpha (Debian's <c>libpocketsphinx3</c>) and SphinxBase the recogniser makes. A
/// decoder is not thread-safe: one thread at a time per decoder.
/// </summary>
internal static partial class PocketSphinxNative
{
    private const string PocketSphinx = "libpocketsphinx.so.3";
    private const string SphinxBase = "libsphinxbase.so.3";

    /// <summary>The argument definitions of the decoder, for <see cref="cmd_ln_parse_r"/>.</summary>
    [LibraryImport(PocketSphinx)]
    internal static partial IntPtr ps_args();

    /// <summary>Parses command-line style arguments into a new configuration; null on a bad argument.</summary>
    [LibraryImport(SphinxBase, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr cmd_ln_parse_r(IntPtr inoutConfig, IntPtr definitions, int argc, string[] argv, int strict);

    [LibraryImport(SphinxBase)]
    internal static partial int cmd_ln_free_r(IntPtr config);

    /// <summary>A decoder for the configuration (which it retains); null when a model file cannot be read.</summary>
    [LibraryImport(PocketSphinx)]
    internal static partial IntPtr ps_init(IntPtr config);

    [LibraryImport(PocketSphinx)]
    internal static partial int ps_free(IntPtr decoder);

    [LibraryImport(PocketSphinx)]
    internal static partial int ps_start_utt(IntPtr decoder);

    /// <summary>Decodes samples of PCM16 at the configured rate; returns the frames searched, negative on error.</summary>
    [LibraryImport(PocketSphinx)]
    internal static unsafe partial int ps_process_raw(IntPtr decoder, short* data, nuint samples, int noSearch, int fullUtterance);

    [LibraryImport(PocketSphinx)]
    internal static partial int ps_end_utt(IntPtr decoder);

    /// <summary>The decoder's feature computation (a <see cref="FeatHead"/>), owned by the decoder.</summary>
    [LibraryImport(PocketSphinx)]
    internal static partial IntPtr ps_get_feat(IntPtr decoder);

    /// <summary>Reads the live cepstral mean (<see cref="CmnHead.VectorLength"/> floats) into <paramref name="vector"/>.</summary>
    [LibraryImport(SphinxBase)]
    internal static unsafe partial void cmn_live_get(IntPtr cmn, float* vector);

    /// <summary>Sets the live cepstral mean, as if it had been measured over the last 500 frames.</summary>
    [LibraryImport(SphinxBase)]
    internal static unsafe partial void cmn_live_set(IntPtr cmn, float* vector);

    /// <summary>The best hypothesis so far (owned by the decoder, valid until its next call), or null.</summary>
    [LibraryImport(PocketSphinx)]
    internal static partial IntPtr ps_get_hyp(IntPtr decoder, out int bestScore);

    /// <summary>
    /// The start of SphinxBase's <c>feat_t</c> (sphinxbase/feat.h), up to the pointer to its cepstral mean
    /// normalisation, which the library has no accessor for. Its fields are in the header's order, so the layout is the
    /// C compiler's on this platform; <see cref="PocketSphinxDecoder.Create"/> checks it against the model before use.
    /// </summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct FeatHead
    {
        public int RefCount;
        public IntPtr Name;
        public int CepstrumSize;
        public int Streams;
        public IntPtr StreamLengths;
        public int WindowSize;
        public int Subvectors;
        public IntPtr SubvectorLengths;
        public IntPtr SubvectorSpec;
        public IntPtr SubvectorBuffer;
        public int SubvectorDimension;
        public int CmnType;
        public int VarianceNormalisation;
        public int AgcType;
        public IntPtr ComputeFeature;
        public IntPtr Cmn;
    }

    /// <summary>SphinxBase's <c>cmn_t</c> (sphinxbase/cmn.h): the running cepstral mean of live decoding.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct CmnHead
    {
        public IntPtr Mean;
        public IntPtr Variance;
        public IntPtr Sum;
        public int Frames;
        public int VectorLength;
    }
}
