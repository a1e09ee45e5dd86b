using WaQup.Abstractions.Grains;
using WaQup.Abstractions.Voice;
using WaQup.Bench;
using WaQup.Providers.Audio;
using WaQup.Providers.Audio.Beds;
using WaQup.Providers.Audio.Loudness;
using WaQup.Providers.Audio.Mixing;
using WaQup.Providers.Recognition.Embedded;
using WaQup.Providers.Speech.Embedded;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Audio;

/// <summary>
/// The mix a ritual is made through, on flite's voices: the voice levelled to −16 LUFS whatever its own level, the
/// true peak held under the ceiling, the bed 20 dB under the voice in pauses and further under it while it speaks,
/// fading in and out, the same every time; and the voice still understood over each bed.
/// </summary>
public sealed class RitualMixTests
{
    private const int Rate = AudioFormat.SampleRate;
    private const int PauseFrames = 15;
    private static readonly FliteSpeechSynthesizer Flite = new();

    private static readonly string[] Sentences =
    [
        "breathe in slowly and let your shoulders soften",
        "i would like a guided meditation for better sleep",
        "you are calm and you are safe",
        "help me relax before my exam tomorrow",
        "with every breath you let go a little more",
        "an affirmation set for confidence at work",
        "notice the air moving in and out of your body",
        "i am ready for my job interview",
        "let the day fall away as you rest",
        "feel your feet on the ground",
        "i trust myself to handle what comes",
        "gently bring your attention back to your breath",
        "yes please",
        "i would like a daily ritual for gratitude",
        "you have done enough for today",
        "relax your jaw and your hands",
    ];

    public static TheoryData<string, double, double> Voices => new()
    {
        { "slt", 1.0, 0.5 },
        { "rms", 1.0, 0.5 },
        { "awb", 1.0, 0.5 },
        // A voice 12 dB quieter, and one 6 dB louder than any of flite's (clipped a little where it peaks): their first
        // second and a half, before the measure takes over, is far off in this 15 s programme.
        { "slt", 0.25, 1.0 },
        { "awb", 2.0, 1.0 },
    };

    [Theory(Timeout = TestTimeouts.Default)]
    [MemberData(nameof(Voices))]
    public async Task A_voice_comes_out_at_minus_16_LUFS_with_its_true_peak_under_the_ceiling_whatever_its_own_level(string voice, double scale, double tolerance)
    {
        var spoken = await SpeakAsync(voice, scale);
        var mix = new RitualMix(new MixSettings(), bed: null);

        var output = Play(mix, spoken);

        var measured = await Ebur128.MeasurePcmAsync(output, Rate, TestContext.Current.CancellationToken);
        TestContext.Current.TestOutputHelper?.WriteLine($"{voice} ×{scale}: {measured}");
        Assert.True(Math.Abs(measured.IntegratedLufs + 16) <= tolerance, $"{voice} ×{scale}: {measured.IntegratedLufs} LUFS (voice measured at {mix.MeasuredVoiceLufs:F1}, gain {mix.VoiceGainDb:F1} dB)");
        // ffmpeg oversamples further than the limiter's detector: a tenth of a dB of margin.
        Assert.True(measured.TruePeakDb <= -1.9, $"{voice} ×{scale}: true peak {measured.TruePeakDb} dBTP");
    }

    [Fact]
    public void The_bed_plays_20_dB_under_the_voice_in_pauses_and_8_dB_further_under_while_it_speaks()
    {
        var settings = new MixSettings();
        var pauses = new RitualMix(settings, SoundBed.Create(SoundBeds.Noise, seed: 4));
        var speaking = new RitualMix(settings, SoundBed.Create(SoundBeds.Noise, seed: 4));
        var silentVoice = new byte[AudioFormat.FrameBytes];
        var inPauses = new LoudnessMeter(Rate);
        var underVoice = new LoudnessMeter(Rate);

        // After the fade in, and the second the ducking takes to settle.
        for (var frame = 0; frame < 60 * 1000 / AudioFormat.FrameMs; frame++)
        {
            var pause = pauses.Pause();
            var ducked = speaking.Voice(silentVoice);
            if (frame >= 5 * 1000 / AudioFormat.FrameMs)
            {
                inPauses.AddPcm16(pause.Span);
                underVoice.AddPcm16(ducked.Span);
            }
        }

        Assert.InRange(inPauses.IntegratedLufs, -37, -35);
        Assert.InRange(underVoice.IntegratedLufs, -45, -43);
    }

    [Fact]
    public void Without_a_bed_a_pause_is_silence_and_with_one_it_never_is_once_the_bed_has_risen()
    {
        var plain = new RitualMix(new MixSettings(), bed: null);
        var bedded = new RitualMix(new MixSettings(), SoundBed.Create(SoundBeds.Bells, seed: 9));

        var plainPauses = Enumerable.Range(0, 500).Select(_ => plain.Pause().ToArray()).ToList();
        var beddedPauses = Enumerable.Range(0, 500).Select(_ => bedded.Pause().ToArray()).ToList();

        Assert.All(plainPauses, frame => Assert.All(frame, b => Assert.Equal(0, b)));
        Assert.DoesNotContain(beddedPauses.Skip(25), frame => frame.All(b => b == 0));
    }

    [Fact]
    public void The_bed_rises_at_the_start_and_dies_away_after_the_last_words()
    {
        var mix = new RitualMix(new MixSettings(), SoundBed.Create(SoundBeds.Drone, seed: 1));
        var start = Enumerable.Range(0, 150).Select(_ => Rms(mix.Pause())).ToList();
        var tail = new List<double>();
        Assert.Equal(100, mix.TailFrames);
        while (mix.TryTakeTail(out var frame))
        {
            tail.Add(Rms(frame));
        }

        Assert.Equal(100, tail.Count);
        Assert.Equal(0, mix.TailFrames);
        // Up from nothing over three seconds, never a step: each frame at most a little louder than the one before.
        Assert.True(start[0] < 0.01 * start[^1], $"first frame {start[0]:F1}, after six seconds {start[^1]:F1}");
        Assert.All(start.Zip(start.Skip(1)).Skip(1), pair => Assert.True(pair.Second <= pair.First * 1.6 + 1, $"{pair.First:F1} then {pair.Second:F1}"));
        Assert.True(tail[^1] < 1, $"the last frame of the tail at {tail[^1]:F2}");
        Assert.True(tail.Zip(tail.Skip(1)).All(pair => pair.Second <= pair.First + 2), "the tail grows louder somewhere");
    }

    [Fact]
    public void Without_a_bed_the_tail_is_the_limiter_s_last_samples_alone()
    {
        var mix = new RitualMix(new MixSettings(), bed: null);

        Assert.Equal(1, mix.TailFrames);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task The_same_voice_and_seed_make_the_same_frames()
    {
        var spoken = await SpeakAsync("slt", 1.0);

        var first = Play(new RitualMix(new MixSettings(), SoundBed.Create(SoundBeds.Bells, seed: 3)), spoken);
        var second = Play(new RitualMix(new MixSettings(), SoundBed.Create(SoundBeds.Bells, seed: 3)), spoken);

        Assert.Equal(first, second);
    }

    [Fact]
    public void A_signal_under_the_ceiling_passes_the_limiter_untouched_only_later()
    {
        var limiter = new PeakLimiter(-2, Rate);
        var input = LoudnessMeterTests.Sine(440, 0.5, seconds: 1);
        var output = new float[input.Length];

        limiter.Process(input, output);

        Assert.Equal(1, limiter.DeepestGain);
        Assert.Equal(input.AsSpan(0, input.Length - PeakLimiter.Latency).ToArray(), output.AsSpan(PeakLimiter.Latency).ToArray());
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_voice_far_over_the_ceiling_comes_out_under_it_as_ffmpeg_measures()
    {
        var limiter = new PeakLimiter(-2, Rate);
        // awb, whose peaks stand highest over its loudness, 12 dB up (as floats: nothing clipped), then a 3 kHz sine
        // at full scale.
        var voice = (await SpeakAsync("awb", 1.0)).SelectMany(s => s).ToArray();
        var samples = new float[voice.Length / 2];
        Pcm16.ToFloat(voice, samples);
        var input = samples.Select(s => s * 4f).Concat(LoudnessMeterTests.Sine(3000, 0.99, seconds: 2)).ToArray();
        var output = new float[input.Length];
        limiter.Process(input, output);
        var pcm = new byte[output.Length * 2];
        Pcm16.FromFloat(output, pcm);

        var measured = await Ebur128.MeasurePcmAsync(pcm, Rate, TestContext.Current.CancellationToken);

        Assert.True(measured.TruePeakDb <= -1.9, $"true peak {measured.TruePeakDb} dBTP after limiting to -2");
        Assert.True(limiter.DeepestGain < 0.5, $"deepest gain {limiter.DeepestGain:F2}");
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task The_voice_is_understood_over_every_bed_about_as_well_as_alone()
    {
        // Judged by the independent recogniser (the general English models), as the bench judges the voices: the domain
        // model is made for requests, not for what a meditation says.
        using var recognizer = new PocketSphinxRecognizer(new PocketSphinxOptions
        {
            CacheDirectory = Path.Combine(Path.GetTempPath(), "waqup-recognition-tests"),
            MaxDecoders = 1,
            ExtraArguments = IndependentRecognizer.Arguments,
        });
        var errors = new Dictionary<string, WordErrors>();
        foreach (var bed in SoundBeds.Names)
        {
            errors[bed] = await WordErrorsOverAsync(recognizer, bed, new MixSettings());
        }

        // The same mix gone wrong, the bed 10 dB louder and never ducked: what this test is there to catch.
        var wrong = await WordErrorsOverAsync(recognizer, SoundBeds.Drone, new MixSettings { BedBelowVoiceDb = 10, BedDuckDb = 0 });

        var alone = errors[SoundBeds.None].Rate;
        var report = string.Join(", ", errors.Select(e => $"{e.Key} {e.Value.Rate:P0} ({e.Value.Substitutions} substituted, {e.Value.Deletions} left out, {e.Value.Insertions} added of {e.Value.ReferenceWords})"));
        TestContext.Current.TestOutputHelper?.WriteLine($"word error rate: {report}; drone 10 dB louder, unducked: {wrong.Rate:P0}");
        // Measured: 13 % alone, 13 to 19 % over the beds; 30 to 34 % with the beds 10 dB louder and unducked. A tone
        // under the voice costs this recogniser a few words a listener would not miss; a bed that masks costs many.
        Assert.All(errors, e => Assert.True(e.Value.Rate <= alone + MaskingAllowance, $"word error rate: {report}"));
        Assert.True(wrong.Rate > alone + MaskingAllowance, $"a bed 10 dB louder and unducked went unnoticed: {wrong.Rate:P0} against {alone:P0} alone");
    }

    /// <summary>How much worse than alone the voice may be heard over a bed: eight points of word error rate.</summary>
    private const double MaskingAllowance = 0.08;

    /// <summary>
    /// The sentences, each deep in a meditation (the bed well risen) through <paramref name="settings"/>' mix, heard as
    /// the server's listener passes them on (the words and the first 240 ms of the pause after them), as one speaker.
    /// </summary>
    private static async Task<WordErrors> WordErrorsOverAsync(PocketSphinxRecognizer recognizer, string bed, MixSettings settings)
    {
        var total = default(WordErrors);
        var listener = new Speaker();
        foreach (var (sentence, index) in Sentences.Select((s, i) => (s, i)))
        {
            var spoken = await SpeakAsync("slt", 1.0, [sentence]);
            var mix = new RitualMix(settings, SoundBed.Create(bed, seed: index));
            var lead = Enumerable.Range(0, 150).Select(_ => mix.Pause().ToArray()).Last();
            var said = Play(mix, spoken, tail: false);
            var heard = said.AsSpan(0, said.Length - (PauseFrames - 6) * AudioFormat.FrameBytes).ToArray();
            total += WordErrorRate.Compare(sentence, await HearAsync(recognizer, [.. lead, .. heard], listener));
        }

        return total;
    }

    /// <summary>flite's <paramref name="voice"/> saying the sentences, at <paramref name="scale"/> times its level, 24 kHz.</summary>
    private static async Task<List<byte[]>> SpeakAsync(string voice, double scale, string[]? sentences = null)
    {
        var spoken = new List<byte[]>();
        foreach (var sentence in sentences ?? Sentences)
        {
            using var pcm = new MemoryStream();
            await foreach (var chunk in Flite.SynthesizeAsync(sentence, voice, TestContext.Current.CancellationToken))
            {
                pcm.Write(chunk.Span);
            }

            spoken.Add(scale == 1.0 ? pcm.ToArray() : Recognition.SpokenAudio.Scale(pcm.ToArray(), scale));
        }

        return spoken;
    }

    /// <summary>The sentences through the mix as a ritual speaks them: framed, a pause after each, then the tail.</summary>
    private static byte[] Play(RitualMix mix, List<byte[]> sentences, bool tail = true)
    {
        using var output = new MemoryStream();
        foreach (var sentence in sentences)
        {
            for (var at = 0; at < sentence.Length; at += AudioFormat.FrameBytes)
            {
                output.Write(mix.Voice(sentence.AsSpan(at, Math.Min(AudioFormat.FrameBytes, sentence.Length - at))).Span);
            }

            for (var i = 0; i < PauseFrames; i++)
            {
                output.Write(mix.Pause().Span);
            }
        }

        while (tail && mix.TryTakeTail(out var frame))
        {
            output.Write(frame.Span);
        }

        return output.ToArray();
    }

    private static async Task<string> HearAsync(PocketSphinxRecognizer recognizer, byte[] pcm24, Speaker? speaker = null)
    {
        var samples = new short[pcm24.Length / 2];
        Buffer.BlockCopy(pcm24, 0, samples, 0, samples.Length * 2);
        var microphone = new short[SincResampler.OutputLength(samples.Length, Rate, 16_000)];
        SincResampler.Resample(samples, Rate, microphone, 16_000);
        var bytes = new byte[microphone.Length * 2];
        Buffer.BlockCopy(microphone, 0, bytes, 0, bytes.Length);
        await using var utterance = recognizer.Begin(speaker: speaker);
        utterance.Write(bytes);
        return (await utterance.FinishAsync(TestContext.Current.CancellationToken)).Text;
    }

    private static double Rms(ReadOnlyMemory<byte> frame)
    {
        var samples = Pcm.Samples(frame.Span);
        return Pcm.Rms(samples);
    }
}
