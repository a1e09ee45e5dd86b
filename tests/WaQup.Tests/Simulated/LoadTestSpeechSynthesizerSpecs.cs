using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.InteropServices;
using WaQup.Providers.Audio;
using WaQup.Providers.Simulated;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Simulated;

/// <summary>What load-testing speech promises: audible PCM as long as the sentence, no sooner than its set latency and rate.</summary>
public sealed class LoadTestSpeechSynthesizerSpecs
{
    // Sixteen words: six seconds at 160 words a minute.
    private const string Sentence = "Breathe in slowly and let your shoulders drop as the day settles quietly around you now.";

    private static async Task<byte[]> AllAudio(LoadTestSpeechSynthesizer speech, string text, CancellationToken cancellationToken = default)
    {
        using var audio = new MemoryStream();
        await foreach (var chunk in speech.SynthesizeAsync(text, "any", cancellationToken))
        {
            audio.Write(chunk.Span);
        }

        return audio.ToArray();
    }

    [Theory(Timeout = TestTimeouts.Default)]
    [InlineData(160, 6_000)]
    [InlineData(120, 8_000)]
    public async Task Audio_lasts_as_long_as_the_words_take_at_the_set_rate(int wordsPerMinute, int expectedMs)
    {
        var speech = new LoadTestSpeechSynthesizer(new SimulatedProviderOptions { WordsPerMinute = wordsPerMinute });

        var audio = await AllAudio(speech, Sentence, TestContext.Current.CancellationToken);

        Assert.Equal(expectedMs * AudioFormat.SampleRate / 1000 * 2, audio.Length);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Chunks_hold_the_set_length_of_audio()
    {
        var speech = new LoadTestSpeechSynthesizer(new SimulatedProviderOptions { SpeechChunkMs = 100 });

        var chunks = await speech.SynthesizeAsync(Sentence, "any", TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);

        Assert.Equal(60, chunks.Count);
        Assert.All(chunks, c => Assert.Equal(100 * AudioFormat.SampleRate / 1000 * 2, c.Length));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Only_the_chunks_that_hold_a_fade_are_new_memory_the_rest_share_one_precomputed_tone()
    {
        // The provider must add no garbage of its own to the engine it measures.
        var speech = new LoadTestSpeechSynthesizer(new SimulatedProviderOptions());

        var chunks = await speech.SynthesizeAsync(Sentence, "any", TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);
        var arrays = chunks.Select(c => MemoryMarshal.TryGetArray(c, out var segment) ? segment.Array : null).ToList();

        Assert.True(chunks.Count > 100, $"{chunks.Count} chunks");
        Assert.All(arrays, Assert.NotNull);
        // The first and the last chunk hold the fades; every chunk between is a slice of the same tone.
        Assert.Single(arrays.Skip(1).SkipLast(1).Distinct());
        Assert.Equal(3, arrays.Distinct().Count());
    }

    [Theory(Timeout = TestTimeouts.Default)]
    [InlineData("word", 40)]
    [InlineData("two words", 7)]
    [InlineData(Sentence, 40)]
    [InlineData(Sentence, 13)]
    public async Task Every_sample_is_the_faded_tone_whatever_the_chunk_size(string text, int chunkMs)
    {
        var speech = new LoadTestSpeechSynthesizer(new SimulatedProviderOptions { SpeechChunkMs = chunkMs });

        var audio = await AllAudio(speech, text, TestContext.Current.CancellationToken);

        var total = audio.Length / 2;
        var wrong = Enumerable.Range(0, total)
            .Where(n => BinaryPrimitives.ReadInt16LittleEndian(audio.AsSpan(n * 2)) != LoadTestSpeechSynthesizer.Sample(n, total))
            .Take(3)
            .ToList();
        Assert.True(wrong.Count == 0, $"samples {string.Join(", ", wrong)} of {total} differ from the faded tone");
        Assert.Equal(0, LoadTestSpeechSynthesizer.Sample(0, total));
        Assert.Equal(0, LoadTestSpeechSynthesizer.Sample(total - 1, total));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Audio_is_an_audible_signal_not_silence()
    {
        var speech = new LoadTestSpeechSynthesizer(new SimulatedProviderOptions());

        var audio = await AllAudio(speech, Sentence, TestContext.Current.CancellationToken);

        var samples = Enumerable.Range(0, audio.Length / 2)
            .Select(i => (double)BinaryPrimitives.ReadInt16LittleEndian(audio.AsSpan(i * 2)))
            .ToArray();
        var rms = Math.Sqrt(samples.Average(s => s * s));
        Assert.True(rms > 500, $"RMS {rms}");
        Assert.Equal(await AllAudio(speech, Sentence, TestContext.Current.CancellationToken), audio);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task First_chunk_arrives_no_sooner_than_the_first_byte_delay()
    {
        var speech = new LoadTestSpeechSynthesizer(new SimulatedProviderOptions { SpeechFirstByteMs = 150 });

        var clock = Stopwatch.StartNew();
        await using var chunks = speech.SynthesizeAsync(Sentence, "any", TestContext.Current.CancellationToken).GetAsyncEnumerator(TestContext.Current.CancellationToken);
        Assert.True(await chunks.MoveNextAsync());

        Assert.True(clock.ElapsedMilliseconds >= 150, $"first chunk after {clock.ElapsedMilliseconds} ms");
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Audio_is_produced_no_faster_than_the_realtime_factor()
    {
        // Six seconds of audio at 20× real time: the last 40 ms chunk is due 149 × 2 ms after the first.
        var speech = new LoadTestSpeechSynthesizer(new SimulatedProviderOptions { SpeechRealtimeFactor = 20 });

        var clock = Stopwatch.StartNew();
        var audio = await AllAudio(speech, Sentence, TestContext.Current.CancellationToken);

        Assert.Equal(6 * AudioFormat.SampleRate * 2, audio.Length);
        Assert.True(clock.ElapsedMilliseconds >= 149 * 2, $"all audio after {clock.ElapsedMilliseconds} ms");
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Cancellation_stops_speech_while_it_waits()
    {
        var speech = new LoadTestSpeechSynthesizer(new SimulatedProviderOptions { SpeechRealtimeFactor = 0.02 });
        using var cancellation = new CancellationTokenSource();

        await using var chunks = speech.SynthesizeAsync(Sentence, "any", cancellation.Token).GetAsyncEnumerator(TestContext.Current.CancellationToken);
        Assert.True(await chunks.MoveNextAsync());
        cancellation.CancelAfter(50);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await chunks.MoveNextAsync());
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Cancellation_stops_instant_speech()
    {
        var speech = new LoadTestSpeechSynthesizer(new SimulatedProviderOptions());
        using var cancellation = new CancellationTokenSource();

        await using var chunks = speech.SynthesizeAsync(Sentence, "any", cancellation.Token).GetAsyncEnumerator(TestContext.Current.CancellationToken);
        Assert.True(await chunks.MoveNextAsync());
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await chunks.MoveNextAsync());
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Zero_settings_produce_all_audio_without_waiting()
    {
        var speech = new LoadTestSpeechSynthesizer(new SimulatedProviderOptions());
        var longText = string.Join(' ', Enumerable.Repeat(Sentence, 50));

        var audio = await AllAudio(speech, longText, TestContext.Current.CancellationToken);

        Assert.Equal(LoadTestSpeechSynthesizer.SamplesFor(longText, 160) * 2, audio.Length);
    }
}
