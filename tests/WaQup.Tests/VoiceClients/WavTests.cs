using System.Buffers.Binary;
using System.Text;
using WaQup.Client;

namespace WaQup.Tests.VoiceClients;

/// <summary>The client's WAV reader: 16-bit mono PCM in, microphone audio (16 kHz) out, and a clear refusal of anything else.</summary>
public sealed class WavTests
{
    [Fact]
    public void A_16_kHz_mono_file_gives_its_samples_as_they_are()
    {
        var samples = Samples(-32768, -1, 0, 1, 32767);

        var pcm = Wav.ReadMicrophonePcm(File(16_000, samples));

        Assert.Equal(samples, pcm);
    }

    [Fact]
    public void Chunks_before_the_data_are_skipped_with_their_pad_byte_when_their_size_is_odd()
    {
        var samples = Samples(100, 200, 300);
        var list = Chunk("LIST", Encoding.ASCII.GetBytes("INFOabc"));

        var pcm = Wav.ReadMicrophonePcm(File(16_000, samples, before: list));

        Assert.Equal(7, BinaryPrimitives.ReadInt32LittleEndian(list.AsSpan(4)));
        Assert.Equal(samples, pcm);
    }

    [Fact]
    public void Another_rate_is_resampled_to_16_kHz_by_linear_interpolation()
    {
        // 8 kHz to 16 kHz: every other output sample lies halfway between two input samples.
        var pcm = Wav.ReadMicrophonePcm(File(8_000, Samples(0, 1000, 2000, 1000)));

        Assert.Equal(Samples(0, 500, 1000, 1500, 2000, 1500, 1000, 1000), pcm);
    }

    [Fact]
    public void A_22050_Hz_second_becomes_a_16_kHz_second()
    {
        var second = new byte[22_050 * 2];

        var pcm = Wav.ReadMicrophonePcm(File(22_050, second));

        Assert.Equal(16_000 * 2, pcm.Length);
    }

    [Fact]
    public void Extensible_format_holding_pcm_is_read()
    {
        var samples = Samples(5, -5);
        var fmt = Format(0xFFFE, 1, 16_000, 16, extensibleSubFormat: 1);

        Assert.Equal(samples, Wav.ReadMicrophonePcm(Riff(fmt, Chunk("data", samples))));
    }

    [Theory]
    [InlineData("empty", "not a WAV file")]
    [InlineData("not riff", "not a WAV file")]
    [InlineData("riff not wave", "not a WAV file")]
    [InlineData("no fmt", "no fmt chunk")]
    [InlineData("no data", "no data chunk")]
    [InlineData("data first", "the data chunk comes before any fmt chunk")]
    [InlineData("short fmt", "the fmt chunk is 14 bytes")]
    [InlineData("truncated data", "the 'data' chunk says 64 bytes but only 10 follow")]
    [InlineData("odd data", "not a whole number of 16-bit samples")]
    [InlineData("stereo", "2 channels: only mono")]
    [InlineData("8-bit", "8-bit samples: only 16-bit")]
    [InlineData("float", "audio format 3 is not PCM")]
    [InlineData("extensible float", "audio format 65534 is not PCM")]
    [InlineData("rate zero", "a sample rate of 0 Hz")]
    public void A_malformed_or_unsupported_file_is_refused_saying_why(string wrong, string expected)
    {
        var file = wrong switch
        {
            "empty" => [],
            "not riff" => Encoding.ASCII.GetBytes("OggS and then some bytes"),
            "riff not wave" => [.. "RIFF"u8, 4, 0, 0, 0, .. "AVI "u8],
            "no fmt" => Riff(Chunk("LIST", Encoding.ASCII.GetBytes("INFO"))),
            "no data" => Riff(Format(1, 1, 16_000, 16)),
            "data first" => Riff(Chunk("data", Samples(1)), Format(1, 1, 16_000, 16)),
            "short fmt" => Riff(Chunk("fmt ", new byte[14]), Chunk("data", Samples(1))),
            "truncated data" => Riff(Format(1, 1, 16_000, 16), [.. "data"u8, 64, 0, 0, 0, .. new byte[10]]),
            "odd data" => Riff(Format(1, 1, 16_000, 16), Chunk("data", [1, 2, 3])),
            "stereo" => Riff(Format(1, 2, 16_000, 16), Chunk("data", Samples(1, 2))),
            "8-bit" => Riff(Format(1, 1, 16_000, 8), Chunk("data", [1, 2])),
            "float" => Riff(Format(3, 1, 16_000, 32), Chunk("data", new byte[8])),
            "extensible float" => Riff(Format(0xFFFE, 1, 16_000, 16, extensibleSubFormat: 3), Chunk("data", Samples(1))),
            "rate zero" => Riff(Format(1, 1, 0, 16), Chunk("data", Samples(1))),
            _ => throw new ArgumentOutOfRangeException(nameof(wrong)),
        };

        var error = Assert.Throws<InvalidDataException>(() => Wav.ReadMicrophonePcm(file));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task A_file_read_from_disk_names_itself_in_the_error()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("waqup-wav-").FullName, "broken.wav");
        await System.IO.File.WriteAllBytesAsync(path, Riff(Format(1, 2, 16_000, 16), Chunk("data", Samples(1, 2))));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Wav.ReadMicrophonePcmAsync(path));

        Assert.StartsWith(path, error.Message);
    }

    [Fact]
    public async Task What_flite_writes_is_read_as_speech_of_the_right_length()
    {
        var line = await VoiceLine.FliteAsync("yes", "yes please");

        Assert.Equal("yes please", line.Text);
        Assert.InRange(line.Duration, TimeSpan.FromSeconds(0.4), TimeSpan.FromSeconds(3));
        Assert.Contains(Enumerable.Range(0, line.Pcm.Length / 2), i => Math.Abs(BinaryPrimitives.ReadInt16LittleEndian(line.Pcm.AsSpan(i * 2))) > 1000);
    }

    private static byte[] File(int rate, byte[] samples, byte[]? before = null) =>
        Riff(Format(1, 1, rate, 16), before ?? [], Chunk("data", samples));

    private static byte[] Samples(params short[] values)
    {
        var bytes = new byte[values.Length * 2];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(i * 2), values[i]);
        }

        return bytes;
    }

    private static byte[] Format(ushort format, ushort channels, int rate, ushort bits, ushort? extensibleSubFormat = null)
    {
        var fmt = new byte[extensibleSubFormat is null ? 16 : 40];
        BinaryPrimitives.WriteUInt16LittleEndian(fmt, format);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(2), channels);
        BinaryPrimitives.WriteInt32LittleEndian(fmt.AsSpan(4), rate);
        BinaryPrimitives.WriteInt32LittleEndian(fmt.AsSpan(8), rate * channels * bits / 8);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(12), (ushort)(channels * bits / 8));
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(14), bits);
        if (extensibleSubFormat is { } sub)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(16), 22);
            BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(24), sub);
        }

        return Chunk("fmt ", fmt);
    }

    /// <summary>A chunk with its id, size and body, padded to an even length as RIFF wants.</summary>
    private static byte[] Chunk(string id, byte[] body)
    {
        var size = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(size, body.Length);
        return [.. Encoding.ASCII.GetBytes(id), .. size, .. body, .. body.Length % 2 == 1 ? new byte[1] : []];
    }

    private static byte[] Riff(params byte[][] chunks)
    {
        var body = chunks.SelectMany(c => c).ToArray();
        var size = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(size, body.Length + 4);
        return [.. "RIFF"u8, .. size, .. "WAVE"u8, .. body];
    }
}
