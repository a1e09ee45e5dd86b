using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using WaQup.Providers.Audio;

namespace WaQup.Providers.Speech.Embedded;

/// <summary>Speaks in-process with flite (libflite, through P/Invoke), a sentence at a time, streamed as PCM16 LE mono 24 kHz.</summary>
/// <remarks>
/// Voices: see <see cref="FliteVoices"/>. A sentence is synthesised whole (flite makes a whole utterance at once, about
/// 50 times faster than real time on one core here), resampled from flite's 16 kHz with <see cref="SincResampler"/>,
/// and yielded in chunks of <see cref="FliteOptions.ChunkMs"/>, each a slice of a new array the caller may keep. The text is
/// given to <c>flite_text_to_wave</c>, which reads no markup (only the <c>flite_ssml_*</c> calls do).
/// <para>
/// One synthesis at a time in the whole process. flite's source (2.2) shows a registered voice is only read while
/// speaking (an utterance links the voice's features, it does not change them), and four threads speaking with one
/// voice at once neither crashed nor changed the length of the audio. But the vocoder draws the noise of its excitation
/// from the C library's rand(), one sequence for the process: concurrent sentences would take each other's numbers, so
/// the same sentence would not make the same audio. Serialised and seeded before each sentence, it always does (the
/// same audio the flite command makes), which is what the speech cache and a replay assume (a test compares sentences spoken at once with the same spoken
/// one by one, byte for byte). The cost is one core of
/// flite per node, about 50 voices speaking in real time; a voice library registers one voice per process, so a pool
/// of voice instances is not available anyway. flite exits the process on an internal error (cst_error); none was seen
/// on any text.
/// </para>
/// </remarks>
public sealed class FliteSpeechSynthesizer : ISpeechSynthesizer
{
    /// <summary>The seed of rand() before each sentence: 1 is what a fresh process starts with.</summary>
    private const uint NoiseSeed = 1;

    // Process-wide, like the native library, its voices and rand().
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    private readonly FliteOptions _options;
    private readonly Lazy<FliteNative> _native;
    private readonly ConcurrentDictionary<string, IntPtr> _voices = new(StringComparer.Ordinal);

    public FliteSpeechSynthesizer(FliteOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!FliteVoices.All.Any(v => v.Id == options.DefaultVoice))
        {
            throw new ArgumentException($"Flite:DefaultVoice '{options.DefaultVoice}' is not one of: {string.Join(", ", FliteVoices.All.Select(v => v.Id))}.", nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.ChunkMs);
        _options = options;
        // A failed load is not kept: a later sentence tries again (e.g. once libflite1 is installed).
        _native = new Lazy<FliteNative>(() => FliteNative.Load(options.LibraryDirectory), LazyThreadSafetyMode.PublicationOnly);
    }

    public FliteSpeechSynthesizer()
        : this(new FliteOptions())
    {
    }

    /// <summary>Yields nothing for text with nothing to say (empty or only whitespace and control characters).</summary>
    public async IAsyncEnumerable<ReadOnlyMemory<byte>> SynthesizeAsync(
        string text,
        string voice,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        var spoken = SpokenText.Clean(text);
        if (spoken.Length == 0)
        {
            yield break;
        }

        var pcm = await SpeakAsync(spoken, FliteVoices.Resolve(voice, _options.DefaultVoice), cancellationToken).ConfigureAwait(false);

        var chunkBytes = _options.ChunkMs * AudioFormat.SampleRate / 1000 * 2;
        for (var at = 0; at < pcm.Length; at += chunkBytes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return pcm.AsMemory(at, Math.Min(chunkBytes, pcm.Length - at));
        }
    }

    /// <summary>The voices whose libraries load here, the default first; empty when flite itself does not load.</summary>
    public async Task<IReadOnlyList<FliteVoice>> AvailableVoicesAsync(CancellationToken cancellationToken)
    {
        await OneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var available = new List<FliteVoice>();
            foreach (var voice in FliteVoices.All.OrderBy(v => v.Id == _options.DefaultVoice ? 0 : 1))
            {
                try
                {
                    Voice(voice.Id);
                    available.Add(voice);
                }
                catch (SpeechUnavailableException)
                {
                    // Not installed here: not listed.
                }
            }

            return available;
        }
        finally
        {
            OneAtATime.Release();
        }
    }

    // The sentence's audio at the project's rate: PCM16 LE, the machine's own short on every platform .NET runs this on.
    private async Task<byte[]> SpeakAsync(string text, string voiceId, CancellationToken cancellationToken)
    {
        short[] samples;
        int count, sampleRate;
        await OneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // flite computes for about a fiftieth of the speech's length (100 ms for a five-second sentence): on the
            // thread pool, not on the caller's scheduler (a grain's), whose other work would wait behind it.
            (samples, count, sampleRate) = await Task.Run(() => Speak(text, voiceId), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            OneAtATime.Release();
        }

        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            var pcm = new byte[SincResampler.OutputLength(count, sampleRate, AudioFormat.SampleRate) * 2];
            SincResampler.Resample(samples.AsSpan(0, count), sampleRate, MemoryMarshal.Cast<byte, short>(pcm.AsSpan()), AudioFormat.SampleRate);
            return pcm;
        }
        finally
        {
            ArrayPool<short>.Shared.Return(samples);
        }
    }

    // Called holding OneAtATime. The samples are rented: the caller returns them.
    private unsafe (short[] Samples, int Count, int SampleRate) Speak(string text, string voiceId)
    {
        var voice = Voice(voiceId);
        var utf8 = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, utf8);
        FliteNative.Seed(NoiseSeed);
        FliteNative.CstWave* wave;
        fixed (byte* textPointer = utf8)
        {
            wave = _native.Value.TextToWave(textPointer, voice);
        }

        if (wave is null)
        {
            throw new SpeechUnavailableException($"flite could not synthesise a sentence of {text.Length} characters with the voice '{voiceId}'.");
        }

        try
        {
            if (wave->NumChannels != 1 || wave->SampleRate <= 0 || wave->NumSamples <= 0 || wave->Samples is null)
            {
                throw new SpeechUnavailableException(
                    $"flite made no usable audio ({wave->NumSamples} samples, {wave->NumChannels} channels at {wave->SampleRate} Hz) with the voice '{voiceId}'.");
            }

            var samples = ArrayPool<short>.Shared.Rent(wave->NumSamples);
            var gain = (float)Math.Pow(10, FliteVoices.Get(voiceId).GainDb / 20);
            var made = new ReadOnlySpan<short>(wave->Samples, wave->NumSamples);
            for (var i = 0; i < made.Length; i++)
            {
                samples[i] = (short)Math.Clamp(MathF.Round(made[i] * gain), short.MinValue, short.MaxValue);
            }

            return (samples, wave->NumSamples, wave->SampleRate);
        }
        finally
        {
            _native.Value.DeleteWave(wave);
        }
    }

    // Called holding OneAtATime.
    private IntPtr Voice(string id) => _voices.GetOrAdd(id, static (name, native) => native.Value.RegisterVoice(name), _native);
}
