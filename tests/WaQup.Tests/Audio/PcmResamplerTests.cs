using WaQup.Providers.Audio;
using Xunit;

namespace WaQup.Tests.Audio;

public sealed class PcmResamplerTests
{
    private const int EspeakRate = 22_050;

    [Theory]
    [InlineData(1)]
    [InlineData(147)]
    [InlineData(22_050)]
    [InlineData(33_333)]
    public void Output_length_is_the_input_length_times_the_rate_ratio_rounded_up(int inputSamples)
    {
        var output = ResampleInPieces(Pcm.Sine(300, EspeakRate, inputSamples), seed: inputSamples, maxPiece: 1000);

        var expected = (inputSamples * 24_000L + EspeakRate - 1) / EspeakRate;
        Assert.Equal(expected * 2, output.Length);
    }

    [Fact]
    public void Output_does_not_depend_on_how_the_input_is_split_even_mid_sample()
    {
        var input = Pcm.Sine(523, EspeakRate, 10_000);
        var whole = ResampleInPieces(input, seed: 0, maxPiece: input.Length);

        for (var seed = 1; seed <= 5; seed++)
        {
            Assert.Equal(whole, ResampleInPieces(input, seed, maxPiece: 7 + seed * 97));
        }
    }

    [Theory]
    [InlineData(220)]
    [InlineData(440)]
    [InlineData(3000)]
    public void A_sine_keeps_its_frequency_across_chunk_boundaries(double frequency)
    {
        var seconds = 2;
        var input = Pcm.Sine(frequency, EspeakRate, EspeakRate * seconds);

        var output = Pcm.Samples(ResampleInPieces(input, seed: 42, maxPiece: 333));

        var measured = Pcm.ZeroCrossings(output) / 2.0 / ((double)output.Length / 24_000);
        Assert.InRange(measured, frequency * 0.99, frequency * 1.01);
        Assert.InRange(Pcm.Rms(output), 8000 / Math.Sqrt(2) * 0.97, 8000 / Math.Sqrt(2) * 1.03);
    }

    [Fact]
    public void Equal_rates_pass_samples_through_unchanged()
    {
        var input = Pcm.Sine(440, 24_000, 4801);
        var resampler = new PcmResampler(24_000, 24_000);

        var output = Run(resampler, Pcm.RandomSplit(input, seed: 3, maxPiece: 101));

        Assert.Equal(input, output);
    }

    private static byte[] ResampleInPieces(byte[] input, int seed, int maxPiece) =>
        Run(new PcmResampler(EspeakRate, 24_000), Pcm.RandomSplit(input, seed, maxPiece));

    private static byte[] Run(PcmResampler resampler, List<ReadOnlyMemory<byte>> pieces)
    {
        var output = new List<byte>();
        foreach (var piece in pieces)
        {
            var buffer = new byte[resampler.MaxOutputBytes(piece.Length)];
            var written = resampler.Process(piece.Span, buffer);
            output.AddRange(buffer.AsSpan(0, written).ToArray());
        }

        var tail = new byte[resampler.MaxFlushBytes];
        output.AddRange(tail.AsSpan(0, resampler.Flush(tail)).ToArray());
        return [.. output];
    }
}
