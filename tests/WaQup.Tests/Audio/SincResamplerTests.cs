using WaQup.Providers.Audio;

namespace WaQup.Tests.Audio;

/// <summary>The windowed-sinc resampler flite's 16 kHz speech goes through on its way to 24 kHz.</summary>
public sealed class SincResamplerTests
{
    [Fact]
    public void A_tone_keeps_its_pitch_and_loudness()
    {
        var output = Resample(Pcm.Samples(Pcm.Sine(1000, 16_000, 16_000)), 16_000, 24_000);

        Assert.Equal(24_000, output.Length);
        var middle = output.AsSpan(2400, 19_200);
        Assert.InRange(Amplitude(middle, 1000, 24_000), 7900, 8100);
        Assert.InRange(Pcm.ZeroCrossings(middle), 2 * 800 - 2, 2 * 800 + 2);
    }

    [Fact]
    public void Going_up_leaves_no_audible_image_of_high_speech_sounds()
    {
        // A 6 kHz sibilant at 16 kHz has an image at 10 kHz once the rate is 24 kHz: PcmResampler's cubic interpolation
        // leaves it 11 dB below the tone (and the tone itself 2 dB quieter).
        var output = Resample(Pcm.Samples(Pcm.Sine(6000, 16_000, 16_000)), 16_000, 24_000).AsSpan(2400, 19_200);

        var tone = Amplitude(output, 6000, 24_000);
        var image = Amplitude(output, 10_000, 24_000);
        Assert.InRange(tone, 7800, 8100);
        Assert.True(image < tone / 1000, $"The 10 kHz image is {20 * Math.Log10(image / tone):F0} dB below the tone; -60 dB or less is inaudible.");
    }

    [Fact]
    public void Going_down_removes_what_the_lower_rate_cannot_hold()
    {
        var output = Resample(Pcm.Samples(Pcm.Sine(10_000, 24_000, 24_000)), 24_000, 16_000).AsSpan(1600, 12_800);

        Assert.True(Pcm.Rms(output) < 8, $"RMS {Pcm.Rms(output):F1}: a 10 kHz tone would alias to 6 kHz at 16 kHz.");
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 2)]
    [InlineData(2, 3)]
    [InlineData(3, 5)]
    [InlineData(16_000, 24_000)]
    public void Output_is_the_input_length_scaled_and_rounded_up(int inputSamples, int outputSamples)
    {
        Assert.Equal(outputSamples, SincResampler.OutputLength(inputSamples, 16_000, 24_000));
        Assert.Equal(outputSamples, Resample(new short[inputSamples], 16_000, 24_000).Length);
    }

    private static short[] Resample(short[] input, int inputRate, int outputRate)
    {
        var output = new short[SincResampler.OutputLength(input.Length, inputRate, outputRate)];
        SincResampler.Resample(input, inputRate, output, outputRate);
        return output;
    }

    // The amplitude of one frequency in the signal: its correlation with a sine and a cosine.
    private static double Amplitude(ReadOnlySpan<short> samples, double frequency, int sampleRate)
    {
        double sine = 0, cosine = 0;
        for (var i = 0; i < samples.Length; i++)
        {
            var angle = 2 * Math.PI * frequency * i / sampleRate;
            sine += samples[i] * Math.Sin(angle);
            cosine += samples[i] * Math.Cos(angle);
        }

        return 2 * Math.Sqrt(sine * sine + cosine * cosine) / samples.Length;
    }
}
