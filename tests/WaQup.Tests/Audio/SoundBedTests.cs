using WaQup.Abstractions.Grains;
using WaQup.Providers.Audio;
using WaQup.Providers.Audio.Beds;
using WaQup.Providers.Audio.Loudness;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Audio;

/// <summary>The procedural beds: the same seed makes the same sound, each bed comes out at its reference loudness, and nothing clicks or clips.</summary>
public sealed class SoundBedTests
{
    private const int Rate = AudioFormat.SampleRate;

    public static TheoryData<string> Beds => [SoundBeds.Noise, SoundBeds.Drone, SoundBeds.Bells];

    [Theory]
    [MemberData(nameof(Beds))]
    public void The_same_seed_makes_the_same_bed_and_another_seed_another(string name)
    {
        var first = Render(name, seed: 7, seconds: 12);
        var again = Render(name, seed: 7, seconds: 12);
        var other = Render(name, seed: 8, seconds: 12);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Theory]
    [MemberData(nameof(Beds))]
    public void Every_seed_of_a_bed_plays_at_its_reference_loudness(string name)
    {
        var levels = Enumerable.Range(1, 6).Select(seed => Measure(Render(name, seed, seconds: 60)).IntegratedLufs).ToList();
        TestContext.Current.TestOutputHelper?.WriteLine($"{name}: {string.Join(", ", levels.Select(l => l.ToString("F2")))} LUFS");

        Assert.True(
            levels.All(level => Math.Abs(level - SoundBed.ReferenceLufs) <= 1.0),
            $"{name}: {string.Join(", ", levels.Select(l => l.ToString("F2")))} LUFS, expected {SoundBed.ReferenceLufs} ± 1");
    }

    [Theory]
    [MemberData(nameof(Beds))]
    public void A_bed_has_no_loud_peaks(string name)
    {
        var (loudness, peak) = Measure(Render(name, seed: 3, seconds: 60));

        // Soft: its peaks stand at most 18 dB over its loudness (speech's stand 15 to 20), so under a voice at -16 LUFS
        // a bed 20 dB down never peaks above -18 dBTP.
        Assert.True(peak - loudness < 18, $"{name}: true peak {peak:F1} dBTP at {loudness:F1} LUFS");
    }

    [Theory]
    [MemberData(nameof(Beds))]
    public void A_bed_runs_on_from_one_frame_to_the_next_without_a_seam(string name)
    {
        var samples = Render(name, seed: 5, seconds: 30);

        // Made a frame at a time: the step into each frame is no larger than steps within frames.
        var steps = Enumerable.Range(1, samples.Length - 1).Select(i => (Seam: i % AudioFormat.SamplesPerFrame == 0, Step: Math.Abs(samples[i] - samples[i - 1]))).ToList();
        var atSeams = steps.Where(s => s.Seam).Max(s => s.Step);
        var within = steps.Where(s => !s.Seam).Max(s => s.Step);
        Assert.True(atSeams <= within, $"{name}: a step of {atSeams:F4} where frames meet, at most {within:F4} within them");
    }

    [Theory]
    [MemberData(nameof(Beds))]
    public void A_bed_never_falls_to_digital_silence_even_ducked_under_the_voice(string name)
    {
        // The bed's level in a ritual, ducked as under speech: the quietest it is ever heard.
        var mix = new WaQup.Providers.Audio.Mixing.MixSettings();
        var gain = Math.Pow(10, (mix.TargetLufs - mix.BedBelowVoiceDb - mix.BedDuckDb - SoundBed.ReferenceLufs) / 20);
        const double LeastStep = 1.0 / 32768;
        foreach (var seed in Enumerable.Range(1, 24))
        {
            var samples = Render(name, seed, seconds: 90);
            // From its first second on (the mix fades it in over three).
            for (var frame = Rate / AudioFormat.SamplesPerFrame; frame < samples.Length / AudioFormat.SamplesPerFrame; frame++)
            {
                var peak = samples.AsSpan(frame * AudioFormat.SamplesPerFrame, AudioFormat.SamplesPerFrame).ToArray().Max(Math.Abs) * gain;
                Assert.True(peak >= 2 * LeastStep, $"{name}, seed {seed}: {frame * AudioFormat.FrameMs} ms in, a frame peaks at {peak * 32768:F2} of a 16-bit step");
            }
        }
    }

    [Fact]
    public void A_bell_rises_over_milliseconds_so_its_strike_does_not_click()
    {
        var samples = Render(SoundBeds.Bells, seed: 2, seconds: 4);

        // The room the bowls ring in plays from the start; a strike comes 50 ms in at the earliest, and stands out of it.
        var room = samples.AsSpan(0, Rate / 25).ToArray().Max(Math.Abs);
        var onset = Array.FindIndex(samples, s => Math.Abs(s) > 3 * room);
        Assert.True(onset >= 0, "no bell in the first four seconds");
        var firstMillisecond = samples.AsSpan(onset, Rate / 1000).ToArray().Max(Math.Abs);
        var rung = samples.AsSpan(onset + Rate / 100, Rate / 50).ToArray().Max(Math.Abs);
        Assert.True(firstMillisecond < 0.2 * rung, $"{firstMillisecond:F4} in the strike's first millisecond, {rung:F4} once it rings");
    }

    [Fact]
    public void A_name_that_is_not_a_bed_is_refused_by_name()
    {
        Assert.Null(SoundBed.Create(SoundBeds.None, seed: 1));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => SoundBed.Create("rain", seed: 1));
        Assert.Contains("none, noise, drone, bells", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Beds))]
    public async Task Ffmpeg_hears_a_bed_at_the_loudness_our_meter_does(string name)
    {
        var samples = Render(name, seed: 11, seconds: 30);
        var pcm = new byte[samples.Length * 2];
        Pcm16.FromFloat(samples, pcm);
        var ours = Measure(samples);

        var ffmpeg = await Ebur128.MeasurePcmAsync(pcm, Rate, TestContext.Current.CancellationToken);

        Assert.InRange(ours.IntegratedLufs, ffmpeg.IntegratedLufs - 0.2, ffmpeg.IntegratedLufs + 0.2);
    }

    internal static float[] Render(string name, int seed, int seconds)
    {
        var bed = SoundBed.Create(name, seed)!;
        var samples = new float[Rate * seconds];
        // In frames, as the mixer asks for it.
        for (var offset = 0; offset < samples.Length; offset += AudioFormat.SamplesPerFrame)
        {
            bed.Render(samples.AsSpan(offset, AudioFormat.SamplesPerFrame));
        }

        return samples;
    }

    internal static (double IntegratedLufs, double TruePeakDb) Measure(ReadOnlySpan<float> samples)
    {
        var meter = new LoudnessMeter(Rate);
        meter.Add(samples);
        meter.Complete();
        return (meter.IntegratedLufs, meter.TruePeakDb);
    }
}
