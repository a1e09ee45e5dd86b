using System.Runtime.InteropServices;

namespace WaQup.Providers.Recognition.Embedded;

/// <summary>
/// One PocketSphinx decoder: an acoustic model, a language model and a dictionary, decoding one utterance at a time.
/// </summary>
/// <remarks>
/// Live decoding subtracts a running cepstral mean (the channel: microphone, room, level), which the decoder updates at
/// the end of each utterance and would carry into the next, whoever says it. Pooled decoders serve many people, so each
/// utterance starts from a mean it is given (the speaker's own, from their earlier utterances) or else from the
/// model's initial one: how one person is heard never depends on who used the decoder before.
/// </remarks>
internal sealed class PocketSphinxDecoder : IDisposable
{
    private readonly IntPtr _cmn;
    private readonly float[] _initialMean;
    private IntPtr _decoder;
    private bool _inUtterance;

    private PocketSphinxDecoder(IntPtr decoder, IntPtr cmn, float[] initialMean)
    {
        _decoder = decoder;
        _cmn = cmn;
        _initialMean = initialMean;
    }

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
        if (decoder == IntPtr.Zero)
        {
            throw new RecognitionSetupException($"PocketSphinx could not load its models: {string.Join(' ', arguments)}");
        }

        try
        {
            var cmn = LiveMean(decoder);
            var initial = cmn == IntPtr.Zero ? [] : new float[Marshal.PtrToStructure<PocketSphinxNative.CmnHead>(cmn).VectorLength];
            ReadMean(cmn, initial);
            return new PocketSphinxDecoder(decoder, cmn, initial);
        }
        catch
        {
            PocketSphinxNative.ps_free(decoder);
            throw;
        }
    }

    /// <summary>
    /// The decoder's cepstral mean normalisation, found through SphinxBase's structures (it has no accessor), each step
    /// checked against what the model says, so a library of another layout is refused rather than misread; zero when
    /// the configuration turns normalisation off (<c>-cmn none</c>), as there is then no mean to carry.
    /// </summary>
    private static IntPtr LiveMean(IntPtr decoder)
    {
        const int CmnNone = 0;
        var feat = PocketSphinxNative.ps_get_feat(decoder);
        var head = feat == IntPtr.Zero ? default : Marshal.PtrToStructure<PocketSphinxNative.FeatHead>(feat);
        if (feat != IntPtr.Zero && head.CmnType == CmnNone)
        {
            return IntPtr.Zero;
        }

        if (head.Cmn == IntPtr.Zero || head.CepstrumSize is < 1 or > 64)
        {
            throw new RecognitionSetupException($"this SphinxBase's feature layout is not the one the recogniser knows (cepstrum size {head.CepstrumSize}): it needs Debian's libsphinxbase3 0.8+5prealpha");
        }

        var cmn = Marshal.PtrToStructure<PocketSphinxNative.CmnHead>(head.Cmn);
        if (cmn.VectorLength != head.CepstrumSize || cmn.Mean == IntPtr.Zero)
        {
            throw new RecognitionSetupException($"this SphinxBase's cepstral mean holds {cmn.VectorLength} values for a cepstrum of {head.CepstrumSize}: not the layout the recogniser knows");
        }

        return head.Cmn;
    }

    private static unsafe void ReadMean(IntPtr cmn, float[] into)
    {
        if (cmn == IntPtr.Zero)
        {
            return;
        }

        fixed (float* vector = into)
        {
            PocketSphinxNative.cmn_live_get(cmn, vector);
        }
    }

    /// <summary>
    /// Starts an utterance heard against <paramref name="cepstralMean"/> (the speaker's, from <see cref="CepstralMean"/>
    /// after an earlier utterance), or against the model's initial mean when there is none.
    /// </summary>
    public void Start(float[]? cepstralMean = null) => Start(cepstralMean, measureOwnMean: false);

    /// <summary>
    /// The cepstral mean of <paramref name="speech"/> alone: its features are computed and nothing is searched, from a
    /// start counted as one frame rather than SphinxBase's 500, so the mean is the audio's own.
    /// </summary>
    public unsafe float[] MeasureChannel(ReadOnlySpan<byte> speech)
    {
        Start(null, measureOwnMean: true);
        var samples = MemoryMarshal.Cast<byte, short>(speech[..(speech.Length & ~1)]);
        fixed (short* data = samples)
        {
            if (!samples.IsEmpty && PocketSphinxNative.ps_process_raw(Handle, data, (nuint)samples.Length, 1, 0) < 0)
            {
                Reset();
                throw new InvalidOperationException("PocketSphinx failed to measure audio");
            }
        }

        Finish();
        return CepstralMean();
    }

    private unsafe void Start(float[]? cepstralMean, bool measureOwnMean)
    {
        var mean = cepstralMean is { } given && given.Length == _initialMean.Length ? given : _initialMean;
        if (_cmn != IntPtr.Zero)
        {
            fixed (float* vector = mean)
            {
                PocketSphinxNative.cmn_live_set(_cmn, vector);
            }

            if (measureOwnMean)
            {
                // cmn_live_set counts the mean as 500 frames' sum; make it one frame's. The fields are the ones the
                // layout check in Create found where cmn.h puts them.
                var head = Marshal.PtrToStructure<PocketSphinxNative.CmnHead>(_cmn);
                Marshal.Copy(mean, 0, head.Sum, mean.Length);
                Marshal.WriteInt32(_cmn, (int)Marshal.OffsetOf<PocketSphinxNative.CmnHead>(nameof(PocketSphinxNative.CmnHead.Frames)), 1);
            }
        }

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

    /// <summary>The running cepstral mean after the last utterance ended: the speaker's channel, for their next one.</summary>
    public float[] CepstralMean()
    {
        _ = Handle;
        var mean = new float[_initialMean.Length];
        ReadMean(_cmn, mean);
        return mean;
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
