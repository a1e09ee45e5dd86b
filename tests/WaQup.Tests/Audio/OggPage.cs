using System.Buffers.Binary;
using Xunit;

namespace WaQup.Tests.Audio;

/// <summary>One parsed Ogg page, checked with a bit-by-bit CRC written independently of the code under test.</summary>
internal sealed record OggPage(byte Flags, long Granule, uint Serial, uint Sequence, bool CrcValid, IReadOnlyList<byte[]> Packets, bool EndsWithOpenPacket)
{
    public bool IsBeginning => (Flags & 0x02) != 0;

    public bool IsEnd => (Flags & 0x04) != 0;

    public static List<OggPage> ParseAll(byte[] data)
    {
        var pages = new List<OggPage>();
        var offset = 0;
        while (offset < data.Length)
        {
            Assert.True(data.AsSpan(offset, 4).SequenceEqual("OggS"u8), $"No capture pattern at byte {offset}.");
            Assert.Equal(0, data[offset + 4]);
            var segments = data[offset + 26];
            var lacing = data.AsSpan(offset + 27, segments);
            var bodyLength = 0;
            foreach (var value in lacing)
            {
                bodyLength += value;
            }

            var pageLength = 27 + segments + bodyLength;
            var page = data.AsSpan(offset, pageLength).ToArray();
            var storedCrc = BinaryPrimitives.ReadUInt32LittleEndian(page.AsSpan(22));
            page.AsSpan(22, 4).Clear();

            var packets = new List<byte[]>();
            var current = new List<byte>();
            var bodyOffset = 27 + segments;
            foreach (var value in lacing)
            {
                current.AddRange(page.AsSpan(bodyOffset, value).ToArray());
                bodyOffset += value;
                if (value < 255)
                {
                    packets.Add([.. current]);
                    current.Clear();
                }
            }

            pages.Add(new OggPage(
                data[offset + 5],
                BinaryPrimitives.ReadInt64LittleEndian(data.AsSpan(offset + 6)),
                BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(offset + 14)),
                BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(offset + 18)),
                BitwiseCrc(page) == storedCrc,
                packets,
                current.Count > 0 || (segments > 0 && lacing[^1] == 255)));
            offset += pageLength;
        }

        return pages;
    }

    private static uint BitwiseCrc(ReadOnlySpan<byte> data)
    {
        uint crc = 0;
        foreach (var b in data)
        {
            crc ^= (uint)b << 24;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000_0000) != 0 ? (crc << 1) ^ 0x04C11DB7 : crc << 1;
            }
        }

        return crc;
    }
}
