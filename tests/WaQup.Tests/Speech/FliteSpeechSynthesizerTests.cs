using System.Runtime.InteropServices;
using WaQup.Providers.Audio;
using WaQup.Providers.Recognition.Embedded;
using WaQup.Providers.Speech;
using WaQup.Providers.Speech.Embedded;
using WaQup.Tests.Audio;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Speech;

/// <summary>The embedded voice on the real libflite, in-process.</summary>
public sealed class FliteSpeechSynthesizerTests
{
    private const string Sentence = "Breathe in slowly, and let the weight of the day settle into the ground beneath you.";

    private static readonly string[] Sentences =
    [
        Sentence,
        "You are safe here, and you are enough.",
        "Notice the air moving in and out of your body.",
        "Tomorrow you will walk into that room with calm confidence.",
    ];

    private readonly FliteSpeechSynthesizer _flite = new();

    private static CancellationToken TestCancellation => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_sentence_comes_out_as_24_kHz_speech_as_long_as_its_words_take_to_say()
    {
        var chunks = await ChunksAsync(_flite, Sentence, "default");
        var samples = Pcm.Samples(Join(chunks));

        var seconds = samples.Length / (double)AudioFormat.SampleRate;
        var atConversationalPace = Sentence.Split(' ').Length / 160.0 * 60;
        Assert.InRange(seconds, atConversationalPace * 0.6, atConversationalPace * 1.6);
        Assert.True(Pcm.Rms(samples) > 500, $"RMS {Pcm.Rms(samples):F0} is too quiet to be speech.");
        Assert.True(chunks.Count > 10, $"{chunks.Count} chunks: a sentence of {seconds:F1} s should stream in pieces.");
        Assert.All(chunks.SkipLast(1), c => Assert.Equal(AudioFormat.SampleRate * 2 * 160 / 1000, c.Length));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Each_of_the_three_voices_sounds_different_and_each_always_the_same()
    {
        var slt = await SpeakAsync(_flite, Sentence, "slt");
        var rms = await SpeakAsync(_flite, Sentence, "rms");
        var awb = await SpeakAsync(_flite, Sentence, "awb");

        Assert.False(slt.AsSpan().SequenceEqual(rms), "slt and rms sound the same");
        Assert.False(slt.AsSpan().SequenceEqual(awb), "slt and awb sound the same");
        Assert.False(rms.AsSpan().SequenceEqual(awb), "rms and awb sound the same");
        Assert.Equal(rms, await SpeakAsync(_flite, Sentence, "rms"));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Every_voice_speaks_as_loud_as_espeak_so_changing_voice_or_falling_back_keeps_the_volume()
    {
        Assert.SkipWhen(ExternalTool.Find("espeak-ng") is null, "espeak-ng is not installed.");
        var espeak = Decibels(await SpeakAsync(new EspeakSpeechSynthesizer(), Sentence, "default"));

        foreach (var voice in FliteVoices.All)
        {
            var level = Decibels(await SpeakAsync(_flite, Sentence, voice.Id));
            Assert.True(Math.Abs(level - espeak) < 2, $"{voice.Id} speaks at {level:F1} dBFS, espeak-ng at {espeak:F1} dBFS.");
        }
    }

    [Theory(Timeout = TestTimeouts.Default)]
    [InlineData("default", "slt")]
    [InlineData("", "slt")]
    [InlineData("female", "slt")]
    [InlineData("male", "rms")]
    [InlineData(" AWB ", "awb")]
    [InlineData("en-us+m3", "rms")]
    [InlineData("en-gb+f3", "slt")]
    [InlineData("en-gb-scotland", "awb")]
    [InlineData("en-gb", "slt")]
    [InlineData("klingon", "slt")]
    [InlineData("kal", "slt")]
    [InlineData("../../etc/passwd", "slt")]
    public async Task A_preference_picks_its_voice_and_anything_unknown_the_default(string preference, string voice)
    {
        Assert.Equal(voice, FliteVoices.Resolve(preference, "slt"));
        Assert.Equal(await SpeakAsync(_flite, "Hello there.", voice), await SpeakAsync(_flite, "Hello there.", preference));
    }

    [Theory(Timeout = TestTimeouts.Default)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\n\t\u0000 ")]
    public async Task Text_with_nothing_to_say_yields_no_audio(string text)
    {
        Assert.Empty(await ChunksAsync(_flite, text, "default"));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_cancelled_synthesis_stops_before_its_next_chunk()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestCancellation);
        await using var chunks = _flite.SynthesizeAsync(Sentence, "default", cancel.Token).GetAsyncEnumerator(cancel.Token);
        Assert.True(await chunks.MoveNextAsync());

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await chunks.MoveNextAsync());
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_synthesis_cancelled_before_it_starts_makes_nothing()
    {
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ChunksAsync(_flite, Sentence, "default", cancel.Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Sentences_spoken_from_several_threads_at_once_sound_exactly_as_when_spoken_one_by_one()
    {
        string[] voices = ["slt", "rms", "awb"];
        var requests = Sentences.SelectMany(s => voices.Select(v => (Text: s, Voice: v))).ToArray();
        var oneByOne = new List<byte[]>();
        foreach (var (text, voice) in requests)
        {
            oneByOne.Add(await SpeakAsync(_flite, text, voice));
        }

        // A second synthesiser too: the native library, its voices and rand() are the process's, not an instance's.
        var other = new FliteSpeechSynthesizer();
        var atOnce = await Task.WhenAll(requests.Select((r, i) => Task.Run(() => SpeakAsync(i % 2 == 0 ? _flite : other, r.Text, r.Voice))));

        for (var i = 0; i < requests.Length; i++)
        {
            Assert.True(oneByOne[i].AsSpan().SequenceEqual(atOnce[i]), $"'{requests[i].Text}' by {requests[i].Voice} differs when spoken at once with others.");
        }
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Without_its_libraries_flite_says_so_clearly()
    {
        var missing = new FliteSpeechSynthesizer(new FliteOptions { LibraryDirectory = "/nonexistent/flite" });

        var failure = await Assert.ThrowsAsync<SpeechUnavailableException>(() => ChunksAsync(missing, Sentence, "default"));

        Assert.Contains("flite is not installed", failure.Message, StringComparison.Ordinal);
        Assert.Empty(await missing.AvailableVoicesAsync(TestCancellation));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task All_three_voices_are_available_here_the_default_first()
    {
        var voices = await new FliteSpeechSynthesizer(new FliteOptions { DefaultVoice = "rms" }).AvailableVoicesAsync(TestCancellation);

        Assert.Equal(["rms", "slt", "awb"], voices.Select(v => v.Id));
    }

    [Theory(Timeout = TestTimeouts.Default)]
    [InlineData("slt", "i would like a daily ritual for gratitude")]
    [InlineData("slt", "an affirmation set for confidence at work one minute")]
    [InlineData("slt", "help me relax")]
    [InlineData("rms", "i would like a daily ritual for gratitude")]
    [InlineData("awb", "help me relax")]
    public async Task The_embedded_recogniser_hears_flites_speech_word_for_word(string voice, string words)
    {
        var speech = Pcm.Samples(await SpeakAsync(_flite, words, voice));
        var microphone = new short[SincResampler.OutputLength(speech.Length, AudioFormat.SampleRate, 16_000)];
        SincResampler.Resample(speech, AudioFormat.SampleRate, microphone, 16_000);
        using var recognizer = new PocketSphinxRecognizer(new PocketSphinxOptions
        {
            CacheDirectory = Path.Combine(Path.GetTempPath(), "waqup-recognition-tests"),
            MaxDecoders = 1,
        });

        await using var utterance = recognizer.Begin();
        utterance.Write(MemoryMarshal.AsBytes(microphone.AsSpan()));
        var transcript = await utterance.FinishAsync(TestCancellation);

        Assert.Equal(words, transcript.Text);
    }

    internal static async Task<byte[]> SpeakAsync(ISpeechSynthesizer synthesizer, string text, string voice) =>
        Join(await ChunksAsync(synthesizer, text, voice));

    private static async Task<List<byte[]>> ChunksAsync(ISpeechSynthesizer synthesizer, string text, string voice, CancellationToken? cancellationToken = null)
    {
        var chunks = new List<byte[]>();
        await foreach (var chunk in synthesizer.SynthesizeAsync(text, voice, cancellationToken ?? TestCancellation))
        {
            chunks.Add(chunk.ToArray());
        }

        return chunks;
    }

    private static double Decibels(byte[] pcm) => 20 * Math.Log10(Pcm.Rms(Pcm.Samples(pcm)) / 32768);

    private static byte[] Join(List<byte[]> chunks) => [.. chunks.SelectMany(c => c)];
}
