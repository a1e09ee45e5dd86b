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

    public LoadTestSpeechSynthesizer(SimulatedProviderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
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
        var chunkSamples = Math.Max(1, _options.SpeechChunkMs * AudioFormat.SampleRate / 1000);
        var intervalMs = _options.SpeechRealtimeFactor > 0 ? _options.SpeechChunkMs / _options.SpeechRealtimeFactor : 0;
        var schedule = new SimulatedSchedule(_options.SpeechFirstByteMs, intervalMs);
        long index = 0;
        for (long start = 0; start < total; start += chunkSamples)
        {
            await schedule.WaitForAsync(index++, cancellationToken).ConfigureAwait(false);
            var count = (int)Math.Min(chunkSamples, total - start);
            var chunk = new byte[count * 2];
            Fill(chunk, start, total);
            yield return chunk;
        }
    }

    private static void Fill(Span<byte> chunk, long start, long total)
    {
        for (var i = 0; i < chunk.Length / 2; i++)
        {
            var n = start + i;

            // Short fades at both ends, so sentences join without clicks.
            var edge = Math.Min(n, total - 1 - n);
            var sample = edge < FadeSamples
                ? (short)(Cycle[n % CycleSamples] * edge / FadeSamples)
                : Cycle[n % CycleSamples];
            BinaryPrimitives.WriteInt16LittleEndian(chunk[(i * 2)..], sample);
        }
    }

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
