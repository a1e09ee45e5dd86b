using System.Buffers.Binary;
using Concentus;
using WaQup.Providers.Audio;
using Xunit;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Audio;

public sealed class OggOpusWriterTests
{
    // 3.37 s: deliberately not a whole number of 20 ms Opus frames, so padding and end trimming are exercised.
    private const int Samples = 80_880;

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Pages_have_valid_crcs_one_serial_consecutive_sequence_numbers_and_bos_eos_at_the_ends()
    {
        var pages = OggPage.ParseAll(await EncodeAsync(Pcm.Sine(440, 24_000, Samples)));

        Assert.True(pages.Count > 4);
        Assert.All(pages, page => Assert.True(page.CrcValid, $"Bad CRC on page {page.Sequence}."));
        Assert.All(pages, page => Assert.Equal(pages[0].Serial, page.Serial));
        Assert.Equal(Enumerable.Range(0, pages.Count).Select(i => (uint)i), pages.Select(p => p.Sequence));
        Assert.Equal([true, .. Enumerable.Repeat(false, pages.Count - 1)], pages.Select(p => p.IsBeginning));
        Assert.Equal([.. Enumerable.Repeat(false, pages.Count - 1), true], pages.Select(p => p.IsEnd));
        Assert.All(pages, page => Assert.False(page.EndsWithOpenPacket));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Headers_follow_RFC_7845_on_their_own_pages()
    {
        var writer = new MemoryStream();
        int preSkip;
        using (var opus = new OggOpusWriter(writer, streamSerial: 7))
        {
            await opus.WriteAsync(Pcm.Sine(440, 24_000, 4800), TestContext.Current.CancellationToken);
            await opus.CompleteAsync(TestContext.Current.CancellationToken);
            preSkip = opus.PreSkip;
        }

        var pages = OggPage.ParseAll(writer.ToArray());
        var head = Assert.Single(pages[0].Packets);
        var tags = Assert.Single(pages[1].Packets);

        Assert.Equal(7u, pages[0].Serial);
        Assert.Equal(19, head.Length);
        Assert.Equal("OpusHead"u8.ToArray(), head[..8]);
        Assert.Equal(1, head[8]);
        Assert.Equal(1, head[9]);
        Assert.Equal(preSkip, BinaryPrimitives.ReadUInt16LittleEndian(head.AsSpan(10)));
        Assert.InRange(preSkip, 1, 48_000);
        Assert.Equal(24_000u, BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(12)));
        Assert.Equal(0, head[18]);
        Assert.Equal("OpusTags"u8.ToArray(), tags[..8]);
        Assert.Equal(0, pages[0].Granule);
        Assert.Equal(0, pages[1].Granule);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Granules_count_48_kHz_samples_and_the_last_one_trims_the_padding_to_the_exact_duration()
    {
        var writer = new MemoryStream();
        int preSkip;
        using (var opus = new OggOpusWriter(writer))
        {
            foreach (var piece in Pcm.RandomSplit(Pcm.Sine(440, 24_000, Samples), seed: 9, maxPiece: 5000))
            {
                await opus.WriteAsync(piece, TestContext.Current.CancellationToken);
            }

            await opus.CompleteAsync(TestContext.Current.CancellationToken);
            Assert.Equal(Samples * 1000L / 24_000, opus.DurationMs);
            preSkip = opus.PreSkip;
        }

        var audioPages = OggPage.ParseAll(writer.ToArray()).Skip(2).ToList();
        var packetsSoFar = 0L;
        foreach (var page in audioPages.SkipLast(1))
        {
            packetsSoFar += page.Packets.Count;
            Assert.Equal(packetsSoFar * 960, page.Granule);
        }

        var last = audioPages[^1];
        packetsSoFar += last.Packets.Count;
        Assert.Equal(preSkip + Samples * 2L, last.Granule);
        Assert.InRange(packetsSoFar * 960 - last.Granule, 0, 959);
        Assert.True(audioPages.Zip(audioPages.Skip(1)).All(pair => pair.First.Granule <= pair.Second.Granule));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task The_packets_decode_back_to_the_same_tone()
    {
        var encoded = await EncodeAsync(Pcm.Sine(440, 24_000, Samples));
        var pages = OggPage.ParseAll(encoded);
        var preSkip = BinaryPrimitives.ReadUInt16LittleEndian(pages[0].Packets[0].AsSpan(10));
        using var decoder = OpusCodecFactory.CreateDecoder(48_000, 1);
        var decoded = new List<short>();
        var buffer = new short[5760];
        foreach (var packet in pages.Skip(2).SelectMany(p => p.Packets))
        {
            var samples = decoder.Decode(packet, buffer, buffer.Length, false);
            Assert.Equal(960, samples);
            decoded.AddRange(buffer.AsSpan(0, samples).ToArray());
        }

        var playable = decoded.Skip(preSkip).Take((int)pages[^1].Granule - preSkip).ToArray();

        Assert.Equal(Samples * 2, playable.Length);
        var frequency = Pcm.ZeroCrossings(playable) / 2.0 / (playable.Length / 48_000.0);
        Assert.InRange(frequency, 435, 445);
        Assert.InRange(Pcm.Rms(playable), 8000 / Math.Sqrt(2) * 0.7, 8000 / Math.Sqrt(2) * 1.3);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Pages_reach_the_stream_while_audio_is_still_being_written()
    {
        var output = new MemoryStream();
        using var opus = new OggOpusWriter(output);

        await opus.WriteAsync(Pcm.Sine(440, 24_000, 24_000 * 3), TestContext.Current.CancellationToken);
        var pagesBeforeCompletion = OggPage.ParseAll(output.ToArray());

        Assert.True(pagesBeforeCompletion.Count >= 4, $"Only {pagesBeforeCompletion.Count} pages after 3 s of audio.");
        Assert.DoesNotContain(pagesBeforeCompletion, page => page.IsEnd);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Real_decoders_accept_the_file_and_agree_on_its_duration()
    {
        var opusinfo = ExternalTool.Find("opusinfo");
        var opusdec = ExternalTool.Find("opusdec");
        var ffprobe = ExternalTool.Find("ffprobe");
        Assert.SkipWhen(opusinfo is null && ffprobe is null, "Neither opus-tools nor ffmpeg is installed: ./waqup test installs opus-tools with apt-get, and could not here.");
        var cancellationToken = TestContext.Current.CancellationToken;
        var directory = Directory.CreateTempSubdirectory("waqup-ogg-");
        try
        {
            var file = Path.Join(directory.FullName, "tone.ogg");
            await File.WriteAllBytesAsync(file, await EncodeAsync(Pcm.Sine(440, 24_000, Samples)), cancellationToken);

            if (opusinfo is not null)
            {
                var (exitCode, report) = await ExternalTool.RunAsync(opusinfo, cancellationToken, file);
                Assert.True(exitCode == 0, report);
                Assert.DoesNotContain("WARNING", report, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("ERROR", report, StringComparison.OrdinalIgnoreCase);
                Assert.Contains("Playback length: 0m:03.37", report, StringComparison.Ordinal);
            }

            if (opusdec is not null)
            {
                var wav = Path.Join(directory.FullName, "tone.wav");
                var (exitCode, report) = await ExternalTool.RunAsync(opusdec, cancellationToken, "--quiet", "--force-wav", "--rate", "48000", file, wav);
                Assert.True(exitCode == 0, report);
                Assert.Equal(Samples * 2, WavDataBytes(await File.ReadAllBytesAsync(wav, cancellationToken)) / 2);
            }

            if (ffprobe is not null)
            {
                var (exitCode, report) = await ExternalTool.RunAsync(
                    ffprobe, cancellationToken, "-v", "error", "-show_entries", "stream=codec_name,sample_rate,channels:format=duration", "-of", "default=nw=1", file);
                Assert.True(exitCode == 0, report);
                Assert.Contains("codec_name=opus", report, StringComparison.Ordinal);
                Assert.Contains("channels=1", report, StringComparison.Ordinal);
                var duration = double.Parse(report.Split('\n').Single(l => l.StartsWith("duration=", StringComparison.Ordinal))[9..], System.Globalization.CultureInfo.InvariantCulture);
                Assert.InRange(duration, 3.36, 3.38);
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static async Task<byte[]> EncodeAsync(byte[] pcm)
    {
        var output = new MemoryStream();
        using var opus = new OggOpusWriter(output);
        await opus.WriteAsync(pcm, TestContext.Current.CancellationToken);
        await opus.CompleteAsync(TestContext.Current.CancellationToken);
        return output.ToArray();
    }

    private static int WavDataBytes(byte[] wav)
    {
        var offset = 12;
        while (offset + 8 <= wav.Length)
        {
            var size = BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(offset + 4));
            if (wav.AsSpan(offset, 4).SequenceEqual("data"u8))
            {
                return Math.Min(size, wav.Length - offset - 8);
            }

            offset += 8 + size + (size & 1);
        }

        throw new InvalidDataException("No data chunk.");
    }
}
