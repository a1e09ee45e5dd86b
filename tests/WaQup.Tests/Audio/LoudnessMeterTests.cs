using WaQup.Providers.Audio;
using WaQup.Providers.Audio.Loudness;

namespace WaQup.Tests.Audio;

/// <summary>The BS.1770 meter and true-peak detector the mixer levels by, checked against the standard's figures and ffmpeg's meter.</summary>
public sealed class LoudnessMeterTests
{
    private const int Rate = AudioFormat.SampleRate;

    [Fact]
    public void A_1_kHz_sine_at_minus_20_dBFS_reads_minus_23_LUFS()
    {
        // EBU Tech 3341: a 1 kHz sine's loudness is its level in dBFS minus 3.01 (the K-weighting is 0 dB there).
        var meter = new LoudnessMeter(Rate);
        meter.Add(Sine(997, 0.1, seconds: 10));

        Assert.InRange(meter.IntegratedLufs, -23.1, -22.9);
    }

    [Fact]
    public void Silence_and_gaps_do_not_count_but_quiet_passages_under_the_relative_gate_do_not_either()
    {
        var loud = Sine(997, 0.1, seconds: 5);
        var quiet = Sine(997, 0.001, seconds: 5);
        var meter = new LoudnessMeter(Rate);
        meter.Add(loud);
        meter.Add(new float[Rate * 5]);
        meter.Add(quiet);
        meter.Add(loud);

        // The silence falls under the absolute gate, the -63 LUFS passage under the relative one: -23 is what remains,
        // but for the blocks that straddle an edge (a quarter loud is -29 LUFS, over the gate), which pull it down a little.
        Assert.InRange(meter.IntegratedLufs, -23.3, -22.9);
    }

    [Fact]
    public void The_true_peak_of_a_sine_sampled_off_its_crests_is_found_between_the_samples()
    {
        // A quarter of the sample rate, a quarter-period late: every sample sits at 0.707 of the crest.
        var samples = Enumerable.Range(0, Rate).Select(i => (float)(0.5 * Math.Sin(Math.PI / 2 * i + Math.PI / 4))).ToArray();
        var detector = new TruePeak();

        // Away from the ends, where a sine that starts from nothing rings in any band-limited filter.
        // (A loop, not Select().Skip(): LINQ skips an array's elements without calling the selector.)
        var peaks = new List<double>();
        foreach (var sample in samples)
        {
            peaks.Add(detector.Push(sample));
        }

        peaks = peaks[100..^100];

        var samplePeak = 20 * Math.Log10(samples.Max(Math.Abs));
        Assert.InRange(samplePeak, -9.1, -8.9);
        Assert.InRange(20 * Math.Log10(peaks.Max()), -6.1, -5.95);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Our_meter_reads_what_ffmpeg_reads_on_bursts_of_noise_at_different_levels(int seed)
    {
        var samples = Bursts(seed);
        var pcm = new byte[samples.Length * 2];
        Pcm16.FromFloat(samples, pcm);
        var meter = new LoudnessMeter(Rate);
        meter.AddPcm16(pcm);
        meter.Complete();

        var ffmpeg = await Ebur128.MeasurePcmAsync(pcm, Rate, TestContext.Current.CancellationToken);

        Assert.InRange(meter.IntegratedLufs, ffmpeg.IntegratedLufs - 0.15, ffmpeg.IntegratedLufs + 0.15);
        // ffmpeg oversamples to 192 kHz, we to 96 kHz: ours may read a little lower, never higher.
        Assert.InRange(meter.TruePeakDb, ffmpeg.TruePeakDb - 0.5, ffmpeg.TruePeakDb + 0.15);
    }

    internal static float[] Sine(double frequency, double amplitude, int seconds) =>
        Enumerable.Range(0, Rate * seconds).Select(i => (float)(amplitude * Math.Sin(2 * Math.PI * frequency * i / Rate))).ToArray();

    /// <summary>Half-second to two-second bursts of white noise at levels 30 dB apart, with silences between: gating matters.</summary>
    internal static float[] Bursts(int seed, int seconds = 30)
    {
        var random = new Random(seed);
        var samples = new float[Rate * seconds];
        var at = 0;
        while (at < samples.Length)
        {
            var length = Math.Min(samples.Length - at, (int)(Rate * (0.5 + 1.5 * random.NextDouble())));
            var level = random.NextDouble() < 0.3 ? 0 : Math.Pow(10, -(3 + 30 * random.NextDouble()) / 20) * 0.5;
            for (var i = 0; i < length; i++)
            {
                samples[at + i] = (float)(level * (2 * random.NextDouble() - 1));
            }

            at += length;
        }

        return samples;
    }
}
