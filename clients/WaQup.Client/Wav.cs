using System.Buffers.Binary;
using System.Text;

namespace WaQup.Client;

/// <summary>
/// Reads RIFF/WAVE files as microphone audio (PCM16 LE, 16 kHz, mono): what flite writes as it is, and 16-bit mono
/// PCM at other rates (espeak-ng writes 22 050 Hz) resampled to 16 kHz by linear interpolation. Linear interpolation
/// has no anti-aliasing filter: good enough for synthetic speech in tests and load, not for music. Anything else
/// (stereo, 8 or 24-bit, float, compressed) is refused with an <see cref="InvalidDataException"/> that says why.
/// </summary>
public static class Wav
{
    public const int SampleRate = 16_000;

    private const ushort FormatPcm = 1;
    private const ushort FormatExtensible = 0xFFFE;
    private const int MinRate = 4_000;
    private const int MaxRate = 192_000;

    public static async Task<byte[]> ReadMicrophonePcmAsync(string path, CancellationToken cancellationToken = default)
    {
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        try
        {
            return ReadMicrophonePcm(bytes);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>The file's audio as PCM16 LE, 16 kHz, mono.</summary>
    public static byte[] ReadMicrophonePcm(ReadOnlySpan<byte> file)
    {
        if (file.Length < 12 || !file[..4].SequenceEqual("RIFF"u8) || !file[8..12].SequenceEqual("WAVE"u8))
        {
            throw new InvalidDataException("not a WAV file (no RIFF/WAVE header)");
        }

        int? rate = null;
        for (var at = 12; at + 8 <= file.Length;)
        {
            var id = Encoding.ASCII.GetString(file.Slice(at, 4));
            var size = BinaryPrimitives.ReadUInt32LittleEndian(file[(at + 4)..]);
            var body = at + 8;
            if (size > (uint)(file.Length - body))
            {
                throw new InvalidDataException($"the '{id}' chunk says {size} bytes but only {file.Length - body} follow (a truncated file?)");
            }

            var chunk = file.Slice(body, (int)size);
            if (id == "fmt ")
            {
                rate = ReadFormat(chunk);
            }
            else if (id == "data")
            {
                if (rate is not { } dataRate)
                {
                    throw new InvalidDataException("the data chunk comes before any fmt chunk");
                }

                if (chunk.Length % 2 != 0)
                {
                    throw new InvalidDataException($"the data chunk holds {chunk.Length} bytes, not a whole number of 16-bit samples");
                }

                return dataRate == SampleRate ? chunk.ToArray() : Resample(chunk, dataRate);
            }

            // RIFF pads every chunk to an even length; the pad byte is not counted in its size.
            at = body + (int)size + (int)(size & 1);
        }

        throw new InvalidDataException(rate is null ? "no fmt chunk" : "no data chunk");
    }

    /// <summary>Checks the fmt chunk describes 16-bit mono PCM and returns its sample rate.</summary>
    private static int ReadFormat(ReadOnlySpan<byte> fmt)
    {
        if (fmt.Length < 16)
        {
            throw new InvalidDataException($"the fmt chunk is {fmt.Length} bytes, shorter than the 16 of PCM");
        }

        var format = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
        var channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt[2..]);
        var rate = BinaryPrimitives.ReadInt32LittleEndian(fmt[4..]);
        var bits = BinaryPrimitives.ReadUInt16LittleEndian(fmt[14..]);
        // WAVE_FORMAT_EXTENSIBLE names its real format in the first two bytes of the sub-format GUID.
        var pcm = format == FormatPcm || (format == FormatExtensible && fmt.Length >= 26 && BinaryPrimitives.ReadUInt16LittleEndian(fmt[24..]) == FormatPcm);
        if (!pcm)
        {
            throw new InvalidDataException($"audio format {format} is not PCM");
        }

        if (bits != 16)
        {
            throw new InvalidDataException($"{bits}-bit samples: only 16-bit PCM is read");
        }

        if (channels != 1)
        {
            throw new InvalidDataException($"{channels} channels: only mono is read");
        }

        if (rate is < MinRate or > MaxRate)
        {
            throw new InvalidDataException($"a sample rate of {rate} Hz is outside {MinRate} to {MaxRate}");
        }

        return rate;
    }

    /// <summary>Linear interpolation from <paramref name="rate"/> to 16 kHz.</summary>
    private static byte[] Resample(ReadOnlySpan<byte> pcm, int rate)
    {
        var samples = pcm.Length / 2;
        if (samples == 0)
        {
            return [];
        }

        var count = (int)((long)samples * SampleRate / rate);
        var output = new byte[count * 2];
        for (var i = 0; i < count; i++)
        {
            var position = (double)i * rate / SampleRate;
            var left = (int)position;
            var right = Math.Min(left + 1, samples - 1);
            var a = BinaryPrimitives.ReadInt16LittleEndian(pcm[(left * 2)..]);
            var b = BinaryPrimitives.ReadInt16LittleEndian(pcm[(right * 2)..]);
            var value = a + ((b - a) * (position - left));
            BinaryPrimitives.WriteInt16LittleEndian(output.AsSpan(i * 2), (short)Math.Round(value));
        }

        return output;
    }
}
