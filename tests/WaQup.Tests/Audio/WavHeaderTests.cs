using WaQup.Providers.Audio;
using Xunit;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Audio;

public sealed class WavHeaderTests
{
    private static readonly byte[] Format =
        [.. "fmt "u8, 16, 0, 0, 0, 1, 0, 1, 0, 0x22, 0x56, 0, 0, 0x44, 0xAC, 0, 0, 2, 0, 16, 0];

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Unknown_chunks_are_skipped_with_their_padding_and_the_stream_is_left_at_the_audio()
    {
        byte[] wav =
        [
            .. "RIFF"u8, 0xFF, 0xFF, 0xFF, 0xFF, .. "WAVE"u8,
            .. "LIST"u8, 3, 0, 0, 0, 1, 2, 3, 0,
            .. Format,
            .. "data"u8, 0xFF, 0xFF, 0xFF, 0xFF,
            42, 43,
        ];
        var stream = new MemoryStream(wav);

        var header = await WavHeader.ReadAsync(stream, TestContext.Current.CancellationToken);

        Assert.Equal(new WavHeader(1, 1, 22_050, 16), header);
        Assert.Equal(42, stream.ReadByte());
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task An_empty_stream_has_no_header()
    {
        Assert.Null(await WavHeader.ReadAsync(new MemoryStream(), TestContext.Current.CancellationToken));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Text_instead_of_audio_is_rejected()
    {
        var stream = new MemoryStream("Usage: espeak-ng [options] [words]"u8.ToArray());

        await Assert.ThrowsAsync<InvalidDataException>(async () => await WavHeader.ReadAsync(stream, TestContext.Current.CancellationToken));
    }
}
