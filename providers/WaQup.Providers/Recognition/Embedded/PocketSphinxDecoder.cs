using System.Runtime.InteropServices;

namespace WaQup.Providers.Recognition.Embedded;

/// <summary>One PocketSphinx decoder: an acoustic model, a language model and a dictionary, decoding one utterance at a time.</summary>
internal sealed class PocketSphinxDecoder : IDisposable
{
    private IntPtr _decoder;
    private bool _inUtterance;

    private PocketSphinxDecoder(IntPtr decoder) => _decoder = decoder;

    /// <exception cref="RecognitionSetupException">The library or a model file is missing, or an argument is wrong.</exception>
    public static PocketSphinxDecoder Create(IReadOnlyList<string> arguments)
    {
        IntPtr config;
        try
        {
            config = PocketSphinxNative.cmd_ln_parse_r(IntPtr.Zero, PocketSphinxNative.ps_args(), arguments.Count, [.. arguments], 1);
        }
        catch (DllNotFoundException missing)
        {
            throw new RecognitionSetupException("PocketSphinx is not installed (Debian packages pocketsphinx and pocketsphinx-en-us)", missing);
        }

        if (config == IntPtr.Zero)
        {
            throw new RecognitionSetupException($"PocketSphinx refused its arguments: {string.Join(' ', arguments)}");
        }

        // The decoder keeps its own reference to the configuration.
        var decoder = PocketSphinxNative.ps_init(config);
        PocketSphinxNative.cmd_ln_free_r(config);
        return decoder == IntPtr.Zero
            ? throw new RecognitionSetupException($"PocketSphinx could not load its models: {string.Join(' ', arguments)}")
            : new PocketSphinxDecoder(decoder);
    }

    public void Start()
    {
        if (PocketSphinxNative.ps_start_utt(Handle) < 0)
        {
            throw new InvalidOperationException("PocketSphinx could not start an utterance");
        }

        _inUtterance = true;
    }

    /// <summary>Decodes PCM16 LE mono samples of the utterance.</summary>
    public unsafe void Process(ReadOnlySpan<byte> pcm)
    {
        var samples = MemoryMarshal.Cast<byte, short>(pcm[..(pcm.Length & ~1)]);
        if (samples.IsEmpty)
        {
            return;
        }

        fixed (short* data = samples)
        {
            if (PocketSphinxNative.ps_process_raw(Handle, data, (nuint)samples.Length, 0, 0) < 0)
            {
                throw new InvalidOperationException("PocketSphinx failed to decode audio");
            }
        }
    }

    /// <summary>The words heard so far in this utterance.</summary>
    public string Hypothesis()
    {
        var text = PocketSphinxNative.ps_get_hyp(Handle, out _);
        return text == IntPtr.Zero ? "" : Marshal.PtrToStringUTF8(text) ?? "";
    }

    /// <summary>Ends the utterance; returns the words heard in it.</summary>
    public string Finish()
    {
        _inUtterance = false;
        return PocketSphinxNative.ps_end_utt(Handle) < 0 ? throw new InvalidOperationException("PocketSphinx could not end an utterance") : Hypothesis();
    }

    /// <summary>Abandons an utterance half decoded, so the decoder can start the next.</summary>
    public void Reset()
    {
        if (_inUtterance)
        {
            _inUtterance = false;
            PocketSphinxNative.ps_end_utt(Handle);
        }
    }

    public void Dispose()
    {
        var decoder = Interlocked.Exchange(ref _decoder, IntPtr.Zero);
        if (decoder != IntPtr.Zero)
        {
            PocketSphinxNative.ps_free(decoder);
        }
    }

    private IntPtr Handle => _decoder != IntPtr.Zero ? _decoder : throw new ObjectDisposedException(nameof(PocketSphinxDecoder));
}

/// <summary>The embedded recogniser cannot be set up on this machine.</summary>
public sealed class RecognitionSetupException(string message, Exception? inner = null) : Exception(message, inner);
