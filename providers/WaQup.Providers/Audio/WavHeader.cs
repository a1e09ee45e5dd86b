using System.Buffers.Binary;

namespace WaQup.Providers.Audio;

/// <summary>The format of a RIFF/WAVE stream, read up to the first byte of its PCM data.</summary>
public readonly record struct WavHeader(int FormatTag, int Channels, int SampleRate, int BitsPerSample)
{
    private const int PcmFormat = 1;
    private const int ExtensibleFormat = 0xFFFE;

    /// <summary>Plain integer PCM, the only encoding this reader's callers can play.</summary>
    public bool IsPcm => FormatTag is PcmFormat or ExtensibleFormat;

    /// <summary>
    /// Reads the header and leaves <paramref name="stream"/> at the start of the "data" chunk. Chunks other than
    /// "fmt " (LIST, fact, ...) are skipped. The data length is ignored: streaming writers such as espeak-ng
    /// cannot know it and write a placeholder, so the data runs to the end of the stream.
    /// </summary>
    /// <returns>Null when the stream ends before any header byte, e.g. because its writer failed.</returns>
    /// <exception cref="InvalidDataException">The stream is not a WAVE file or ends inside the header.</exception>
    public static async ValueTask<WavHeader?> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = new byte[256];
        var first = await stream.ReadAtLeastAsync(buffer.AsMemory(0, 12), 12, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (first == 0)
        {
            return null;
        }

        if (first < 12 || !buffer.AsSpan(0, 4).SequenceEqual("RIFF"u8) || !buffer.AsSpan(8, 4).SequenceEqual("WAVE"u8))
        {
            throw new InvalidDataException("The stream is not a RIFF/WAVE file.");
        }

        WavHeader? format = null;
        while (true)
        {
            await ReadExactAsync(stream, buffer.AsMemory(0, 8), cancellationToken).ConfigureAwait(false);
            var id = buffer.AsMemory(0, 4);
            long size = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(4));
            if (id.Span.SequenceEqual("data"u8))
            {
                return format ?? throw new InvalidDataException("The WAVE data chunk comes before its fmt chunk.");
            }

            if (id.Span.SequenceEqual("fmt "u8))
            {
                if (size < 16)
                {
                    throw new InvalidDataException("The WAVE fmt chunk is too short.");
                }

                await ReadExactAsync(stream, buffer.AsMemory(0, 16), cancellationToken).ConfigureAwait(false);
                format = new WavHeader(
                    BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(0)),
                    BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(2)),
                    (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(4)), int.MaxValue),
                    BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(14)));
                size -= 16;
            }

            // RIFF chunks are padded to an even length.
            await SkipAsync(stream, size + (size & 1), buffer, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async ValueTask ReadExactAsync(Stream stream, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (read < buffer.Length)
        {
            throw new InvalidDataException("The stream ended inside the WAVE header.");
        }
    }

    private static async ValueTask SkipAsync(Stream stream, long bytes, byte[] buffer, CancellationToken cancellationToken)
    {
        while (bytes > 0)
        {
            var chunk = (int)Math.Min(bytes, buffer.Length);
            await ReadExactAsync(stream, buffer.AsMemory(0, chunk), cancellationToken).ConfigureAwait(false);
            bytes -= chunk;
        }
    }
}
