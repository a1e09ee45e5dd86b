using System.Runtime.InteropServices;

namespace WaQup.Providers.Speech.Embedded;

/// <summary>
/// The few calls of flite 2.2 (Debian's <c>libflite1</c>) the synthesiser makes, bound at run time so that a missing
/// library is a <see cref="SpeechUnavailableException"/> rather than a crash, and so a test can point at another folder.
/// </summary>
/// <remarks>
/// <c>cst_wave</c> (cst_wave.h): <c>const char *type; int sample_rate; int num_samples; int num_channels; short *samples;</c>.
/// A voice library's <c>register_cmu_us_NAME(voxdir)</c> returns the one voice of that library, the same pointer on
/// every call; the voice is never freed (flite keeps it in a global for the life of the process).
/// </remarks>
internal sealed unsafe partial class FliteNative
{
    private readonly string? _directory;
    private readonly delegate* unmanaged<byte*, IntPtr, CstWave*> _textToWave;
    private readonly delegate* unmanaged<CstWave*, void> _deleteWave;

    private FliteNative(string? directory, IntPtr flite)
    {
        _directory = directory;
        var init = (delegate* unmanaged<int>)NativeLibrary.GetExport(flite, "flite_init");
        _textToWave = (delegate* unmanaged<byte*, IntPtr, CstWave*>)NativeLibrary.GetExport(flite, "flite_text_to_wave");
        _deleteWave = (delegate* unmanaged<CstWave*, void>)NativeLibrary.GetExport(flite, "delete_wave");
        init();
    }

    /// <summary>Loads libflite from <paramref name="directory"/> (null: the loader's search path) and calls flite_init once.</summary>
    /// <exception cref="SpeechUnavailableException">The library or one of its functions is missing.</exception>
    public static FliteNative Load(string? directory)
    {
        try
        {
            return new FliteNative(directory, NativeLibrary.Load(PathOf(directory, "libflite.so.1")));
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            throw new SpeechUnavailableException($"flite is not installed or not loadable ({Where(directory)}): {exception.Message}", exception);
        }
    }

    /// <summary>Loads <c>libflite_cmu_us_NAME.so.1</c> and registers its voice; the pointer stays valid for the life of the process.</summary>
    public IntPtr RegisterVoice(string name)
    {
        var library = $"libflite_cmu_us_{name}.so.1";
        try
        {
            var handle = NativeLibrary.Load(PathOf(_directory, library));
            var register = (delegate* unmanaged<byte*, IntPtr>)NativeLibrary.GetExport(handle, $"register_cmu_us_{name}");
            var voice = register(null);
            return voice != IntPtr.Zero
                ? voice
                : throw new SpeechUnavailableException($"flite could not register the voice '{name}'.");
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            throw new SpeechUnavailableException($"flite's voice '{name}' is not installed ({library}, {Where(_directory)}).", exception);
        }
    }

    /// <summary>Synthesises a NUL-terminated UTF-8 text; the wave is the caller's to <see cref="DeleteWave"/>, null on failure.</summary>
    public CstWave* TextToWave(byte* utf8Text, IntPtr voice) => _textToWave(utf8Text, voice);

    public void DeleteWave(CstWave* wave) => _deleteWave(wave);

    /// <summary>Seeds the C library's rand(), which flite's vocoder draws its excitation noise from.</summary>
    [LibraryImport("libc.so.6", EntryPoint = "srand")]
    public static partial void Seed(uint seed);

    private static string PathOf(string? directory, string library) =>
        directory is null ? library : Path.Combine(directory, library);

    private static string Where(string? directory) => directory is null ? "searched on the loader's path" : $"in {directory}";

    [StructLayout(LayoutKind.Sequential)]
    internal struct CstWave
    {
        public IntPtr Type;
        public int SampleRate;
        public int NumSamples;
        public int NumChannels;
        public short* Samples;
    }
}
