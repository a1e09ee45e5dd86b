using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using WaQup.Providers.Audio;
using WaQup.Providers.Speech;

namespace WaQup.Providers.Simulated;

/// <summary>Load-testing speech: a quiet enveloped tone as long as the sentence would take to say, at a set latency and rate.</summary>
/// <remarks>A tone rather than silence, so players, encoders and level meters downstream see real samples.</remarks>
public sealed class LoadTestSpeechSynthesizer : ISpeechSynthesizer
{
    /// <summary>The tone's frequency; 200 Hz divides 24 kHz exactly, so one precomputed cycle repeats seamlessly.</summary>
    public const int ToneHz = 200;

    /// <summary>The tone's peak amplitude, about −24 dBFS.</summary>
    public const short ToneAmplitude = 2_000;

    private const int CycleSamples = AudioFormat.SampleRate / ToneHz;
    private const int FadeSamples = AudioFormat.SampleRate / 100;

    private static readonly short[] Cycle = BuildCycle();

    private readonly SimulatedProviderOptions _options;
    private readonly TimeProvider _clock;
    private readonly byte[] _tone;

    /// <param name="clock">What the simulated latency is measured and waited on; the system clock when null.</param>
    public LoadTestSpeechSynthesizer(SimulatedProviderOptions options, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _clock = clock ?? TimeProvider.System;
        _tone = BuildTone(ChunkSamples(options));
    }

    /// <summary>How many samples <paramref name="text"/> produces at <paramref name="wordsPerMinute"/>.</summary>
    public static long SamplesFor(string text, int wordsPerMinute)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        return words * 60L * AudioFormat.SampleRate / wordsPerMinute;
    }

    public async IAsyncEnumerable<ReadOnlyMemory<byte>> SynthesizeAsync(string text, string voice, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var total = SamplesFor(text, _options.WordsPerMinute);
        var chunkSamples = ChunkSamples(_options);
        var intervalMs = _options.SpeechRealtimeFactor > 0 ? _options.SpeechChunkMs / _options.SpeechRealtimeFactor : 0;
        var schedule = new SimulatedSchedule(_options.SpeechFirstByteMs, intervalMs, _clock);
        long index = 0;
        for (long start = 0; start < total; start += chunkSamples)
        {
            await schedule.WaitForAsync(index++, cancellationToken).ConfigureAwait(false);
            var count = (int)Math.Min(chunkSamples, total - start);
            if (start >= FadeSamples && start + count <= total - FadeSamples)
            {
                // Between the fades a chunk is pure tone: a slice of the precomputed tone, which is never written
                // after it is built, so this provider adds no garbage of its own to the engine it is measuring.
                yield return _tone.AsMemory((int)(start % CycleSamples) * 2, count * 2);
                continue;
            }

            // Every byte is written below, so the allocation need not zero it first.
            var chunk = GC.AllocateUninitializedArray<byte>(count * 2);
            Fill(chunk, start, total);
            yield return chunk;
        }
    }

    /// <summary>
    /// Fills <paramref name="chunk"/> with samples <paramref name="start"/>… of a sentence <paramref name="total"/> samples
    /// long: the tone copied whole from <see cref="_tone"/>, then the fades worked out sample by sample at the two ends only.
    /// </summary>
    /// <remarks>Copying rather than computing every sample keeps this provider's own cost far below the engine's.</remarks>
    private void Fill(Span<byte> chunk, long start, long total)
    {
        var count = chunk.Length / 2;
        _tone.AsSpan((int)(start % CycleSamples) * 2, chunk.Length).CopyTo(chunk);
        var end = start + count;
        for (var n = start; n < Math.Min(end, FadeSamples); n++)
        {
            WriteSample(chunk, n - start, Sample(n, total));
        }

        for (var n = Math.Max(start, total - FadeSamples); n < end; n++)
        {
            WriteSample(chunk, n - start, Sample(n, total));
        }
    }

    /// <summary>Sample <paramref name="n"/> of a sentence of <paramref name="total"/> samples, with its fades.</summary>
    public static short Sample(long n, long total)
    {
        // Short fades at both ends, so sentences join without clicks.
        var edge = Math.Min(n, total - 1 - n);
        return edge < FadeSamples ? (short)(Cycle[n % CycleSamples] * edge / FadeSamples) : Cycle[n % CycleSamples];
    }

    private static void WriteSample(Span<byte> chunk, long index, short sample) =>
        BinaryPrimitives.WriteInt16LittleEndian(chunk[(int)(index * 2)..], sample);

    /// <summary>The tone as PCM bytes, one cycle longer than a chunk so a chunk can start anywhere in the cycle.</summary>
    private static byte[] BuildTone(int chunkSamples)
    {
        var tone = new byte[(chunkSamples + CycleSamples) * 2];
        for (var i = 0; i < tone.Length / 2; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(tone.AsSpan(i * 2), Cycle[i % CycleSamples]);
        }

        return tone;
    }

    private static int ChunkSamples(SimulatedProviderOptions options) => Math.Max(1, options.SpeechChunkMs * AudioFormat.SampleRate / 1000);

    private static short[] BuildCycle()
    {
        var cycle = new short[CycleSamples];
        for (var i = 0; i < cycle.Length; i++)
        {
            cycle[i] = (short)Math.Round(ToneAmplitude * Math.Sin(2 * Math.PI * i / CycleSamples));
        }

        return cycle;
    }
}
