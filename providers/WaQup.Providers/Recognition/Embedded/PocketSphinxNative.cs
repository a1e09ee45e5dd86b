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

    /// <summary>The best hypothesis so far (owned by the decoder, valid until its next call), or null.</summary>
    [LibraryImport(PocketSphinx)]
    internal static partial IntPtr ps_get_hyp(IntPtr decoder, out int bestScore);
}
