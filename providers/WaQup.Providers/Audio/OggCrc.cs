namespace WaQup.Providers.Audio;

/// <summary>The Ogg page checksum (RFC 3533): CRC-32, polynomial 0x04C11DB7, MSB first, zero initial value, no final XOR.</summary>
internal static class OggCrc
{
    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = 0u;
        foreach (var b in data)
        {
            crc = (crc << 8) ^ Table[(byte)(crc >> 24) ^ b];
        }

        return crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (var i = 0u; i < 256; i++)
        {
            var r = i << 24;
            for (var bit = 0; bit < 8; bit++)
            {
                r = (r & 0x8000_0000) != 0 ? (r << 1) ^ 0x04C1_1DB7 : r << 1;
            }

            table[i] = r;
        }

        return table;
    }
}
