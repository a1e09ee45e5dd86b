using System.Buffers.Binary;

namespace WaQup.Providers.Audio;

/// <summary>Packs packets of one logical Ogg stream into pages (RFC 3533) and writes each page with a single write.</summary>
/// <remarks>Packets never span pages, so every page ends on a packet boundary and carries a real granule position.</remarks>
internal sealed class OggPageWriter(Stream output, uint serialNumber)
{
    public const byte BeginningOfStream = 0x02;
    public const byte EndOfStream = 0x04;

    private const int HeaderBytes = 27;
    private const int MaxSegments = 255;
    private const int MaxBodyBytes = MaxSegments * 255;

    // The body sits after the largest possible header, so a page's header is written just in front of
    // its body and the whole page goes out as one contiguous buffer without copying the body.
    private readonly byte[] _page = new byte[HeaderBytes + MaxSegments + MaxBodyBytes];
    private readonly byte[] _lacing = new byte[MaxSegments];
    private int _segments;
    private int _bodyBytes;
    private uint _sequence;

    public int PacketCount { get; private set; }

    public uint PagesWritten => _sequence;

    /// <summary>Whether a packet of <paramref name="packetBytes"/> still fits on the current page.</summary>
    public bool CanFit(int packetBytes) => _segments + packetBytes / 255 + 1 <= MaxSegments;

    public void AddPacket(ReadOnlySpan<byte> packet)
    {
        if (!CanFit(packet.Length))
        {
            throw new InvalidOperationException("The page is full; write it before adding another packet.");
        }

        packet.CopyTo(_page.AsSpan(HeaderBytes + MaxSegments + _bodyBytes));
        _bodyBytes += packet.Length;
        var remaining = packet.Length;
        while (remaining >= 255)
        {
            _lacing[_segments++] = 255;
            remaining -= 255;
        }

        // A final lacing value below 255 (possibly 0) marks the packet's end.
        _lacing[_segments++] = (byte)remaining;
        PacketCount++;
    }

    /// <summary>Writes the packets added so far as one page whose last packet ends at <paramref name="granulePosition"/>.</summary>
    public async ValueTask WritePageAsync(long granulePosition, byte flags, CancellationToken cancellationToken)
    {
        var start = MaxSegments - _segments;
        var header = _page.AsSpan(start, HeaderBytes + _segments);
        "OggS"u8.CopyTo(header);
        header[4] = 0;
        header[5] = flags;
        BinaryPrimitives.WriteInt64LittleEndian(header[6..], granulePosition);
        BinaryPrimitives.WriteUInt32LittleEndian(header[14..], serialNumber);
        BinaryPrimitives.WriteUInt32LittleEndian(header[18..], _sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(header[22..], 0);
        header[26] = (byte)_segments;
        _lacing.AsSpan(0, _segments).CopyTo(header[HeaderBytes..]);

        var length = HeaderBytes + _segments + _bodyBytes;
        var crc = OggCrc.Compute(_page.AsSpan(start, length));
        BinaryPrimitives.WriteUInt32LittleEndian(header[22..], crc);

        _sequence++;
        _segments = 0;
        _bodyBytes = 0;
        PacketCount = 0;
        await output.WriteAsync(_page.AsMemory(start, length), cancellationToken).ConfigureAwait(false);
    }
}
