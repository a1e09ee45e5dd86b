using System.Buffers.Binary;
using Concentus;
using Concentus.Enums;

namespace WaQup.Providers.Audio;

/// <summary>Encodes PCM16 LE mono 24 kHz to Ogg Opus (RFC 7845) incrementally, writing pages to a stream as it goes.</summary>
/// <remarks>
/// Memory stays constant however long the recording: at most one second of packets is held before its page is
/// written. Call <see cref="CompleteAsync"/> once at the end; without it the file has no end-of-stream page and
/// loses its last frames. The output stream is not disposed. Not thread-safe.
/// </remarks>
public sealed class OggOpusWriter : IDisposable
{
    private const int FrameSamples = AudioFormat.SampleRate / 50;
    private const int GranuleRate = 48_000;
    private const int GranulePerSample = GranuleRate / AudioFormat.SampleRate;
    private const int MaxPacketBytes = 1275;

    /// <summary>
    /// Encoding is the dearest thing done per frame. On the 2-core dev machine, 60 s of espeak speech at 32 kbps took
    /// 1.7 s at complexity 10 and 0.8 s at 3 (about 220 KiB either way), so 3 roughly doubles how many rituals can be
    /// recorded at once.
    /// </summary>
    public const int DefaultComplexity = 3;

    // One page per second of audio keeps the per-page overhead near 1% while a listener's player still
    // receives data promptly when the file is streamed as it is written.
    private const int PacketsPerPage = 50;

    private readonly IOpusEncoder _encoder;
    private readonly OggPageWriter _pages;
    private readonly short[] _frame = new short[FrameSamples];
    private readonly byte[] _packet = new byte[MaxPacketBytes];
    private readonly int _lookahead;
    private int _frameFill;
    private byte _oddByte;
    private bool _hasOddByte;
    private long _samplesWritten;
    private long _samplesEncoded;
    private bool _headersWritten;
    private bool _completed;

    /// <param name="output">Receives the Ogg pages; must be writable.</param>
    /// <param name="bitrate">Target bits per second; 32 kbps keeps a voice clear at about 240 kB per minute.</param>
    /// <param name="streamSerial">The Ogg stream serial number; random when null.</param>
    /// <param name="complexity">Opus encoder complexity, 0-10: lower is faster; speech at 32 kbps barely changes below 10.</param>
    public OggOpusWriter(Stream output, int bitrate = 32_000, uint? streamSerial = null, int complexity = DefaultComplexity)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!output.CanWrite)
        {
            throw new ArgumentException("The output stream must be writable.", nameof(output));
        }

        _encoder = OpusCodecFactory.CreateEncoder(AudioFormat.SampleRate, 1, OpusApplication.OPUS_APPLICATION_VOIP);
        _encoder.Bitrate = bitrate;
        _encoder.SignalType = OpusSignal.OPUS_SIGNAL_VOICE;
        _encoder.Complexity = Math.Clamp(complexity, 0, 10);
        _lookahead = _encoder.Lookahead;
        _pages = new OggPageWriter(output, streamSerial ?? (uint)Random.Shared.NextInt64(0, uint.MaxValue + 1L));
    }

    /// <summary>Milliseconds of PCM accepted so far (the playable length of the finished file).</summary>
    public long DurationMs => _samplesWritten * 1000 / AudioFormat.SampleRate;

    /// <summary>Samples the decoder discards at the start, in 48 kHz units as written in the OpusHead header.</summary>
    public int PreSkip => _lookahead * GranulePerSample;

    /// <summary>Encodes <paramref name="pcm"/> (PCM16 LE mono 24 kHz, any length, even mid-sample) and writes any full pages.</summary>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> pcm, CancellationToken cancellationToken)
    {
        ThrowIfCompleted();
        await EnsureHeadersAsync(cancellationToken).ConfigureAwait(false);
        while (!pcm.IsEmpty)
        {
            pcm = pcm[Consume(pcm.Span)..];
            if (PageIsFull)
            {
                await _pages.WritePageAsync(_samplesEncoded * GranulePerSample, 0, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Writes the packets encoded so far as a page now, so a live listener is not kept waiting up to a second.</summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        ThrowIfCompleted();
        await EnsureHeadersAsync(cancellationToken).ConfigureAwait(false);
        if (_pages.PacketCount > 0)
        {
            await _pages.WritePageAsync(_samplesEncoded * GranulePerSample, 0, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Pads the last frame with silence, encodes the encoder's delay and writes the final (end-of-stream) page.</summary>
    /// <remarks>The end-of-stream granule position trims the padding, so players report exactly <see cref="DurationMs"/>.</remarks>
    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        if (_completed)
        {
            return;
        }

        await EnsureHeadersAsync(cancellationToken).ConfigureAwait(false);

        // The padding packets go on a page of their own, so every earlier page keeps a granule position at or
        // below the final one, which is what lets players trim the padding.
        if (_pages.PacketCount > 0)
        {
            await _pages.WritePageAsync(_samplesEncoded * GranulePerSample, 0, cancellationToken).ConfigureAwait(false);
        }

        // A dangling half sample cannot be played; dropping it keeps every packet whole.
        _hasOddByte = false;
        while (_samplesEncoded < _samplesWritten + _lookahead || _frameFill > 0 || _pages.PacketCount == 0)
        {
            _frame.AsSpan(_frameFill).Clear();
            _frameFill = FrameSamples;
            EncodeFrame();
        }

        var finalGranule = (_samplesWritten + _lookahead) * GranulePerSample;
        await _pages.WritePageAsync(finalGranule, OggPageWriter.EndOfStream, cancellationToken).ConfigureAwait(false);
        _completed = true;
    }

    /// <summary>Releases the encoder; does not complete the stream or dispose the output.</summary>
    public void Dispose() => _encoder.Dispose();

    private void ThrowIfCompleted()
    {
        if (_completed)
        {
            throw new InvalidOperationException("The Ogg Opus stream is already complete.");
        }
    }

    private bool PageIsFull => _pages.PacketCount >= PacketsPerPage || !_pages.CanFit(MaxPacketBytes);

    // Takes samples until a page fills up (the caller then writes it) or the input runs out; returns bytes consumed.
    private int Consume(ReadOnlySpan<byte> pcm)
    {
        var consumed = 0;
        if (_hasOddByte)
        {
            _hasOddByte = false;
            consumed = 1;
            AddSample((short)(_oddByte | (pcm[0] << 8)));
        }

        while (pcm.Length - consumed >= 2 && !PageIsFull)
        {
            AddSample(BinaryPrimitives.ReadInt16LittleEndian(pcm[consumed..]));
            consumed += 2;
        }

        if (pcm.Length - consumed == 1 && !PageIsFull)
        {
            _oddByte = pcm[consumed];
            _hasOddByte = true;
            consumed++;
        }

        return consumed;
    }

    private void AddSample(short sample)
    {
        _frame[_frameFill++] = sample;
        _samplesWritten++;
        if (_frameFill == FrameSamples)
        {
            EncodeFrame();
        }
    }

    private void EncodeFrame()
    {
        var length = _encoder.Encode(_frame, FrameSamples, _packet, _packet.Length);
        if (length < 0)
        {
            throw new InvalidOperationException($"Opus encoding failed with error {length}.");
        }

        _pages.AddPacket(_packet.AsSpan(0, length));
        _samplesEncoded += FrameSamples;
        _frameFill = 0;
    }

    private async ValueTask EnsureHeadersAsync(CancellationToken cancellationToken)
    {
        if (_headersWritten)
        {
            return;
        }

        _headersWritten = true;
        _pages.AddPacket(BuildOpusHead());
        await _pages.WritePageAsync(0, OggPageWriter.BeginningOfStream, cancellationToken).ConfigureAwait(false);
        _pages.AddPacket(BuildOpusTags());
        await _pages.WritePageAsync(0, 0, cancellationToken).ConfigureAwait(false);
    }

    private byte[] BuildOpusHead()
    {
        var head = new byte[19];
        "OpusHead"u8.CopyTo(head);
        head[8] = 1;
        head[9] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(head.AsSpan(10), (ushort)PreSkip);
        BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(12), AudioFormat.SampleRate);
        BinaryPrimitives.WriteInt16LittleEndian(head.AsSpan(16), 0);
        head[18] = 0;
        return head;
    }

    private static byte[] BuildOpusTags()
    {
        var vendor = "waQup (Concentus)"u8;
        var tags = new byte[8 + 4 + vendor.Length + 4];
        "OpusTags"u8.CopyTo(tags);
        BinaryPrimitives.WriteUInt32LittleEndian(tags.AsSpan(8), (uint)vendor.Length);
        vendor.CopyTo(tags.AsSpan(12));
        BinaryPrimitives.WriteUInt32LittleEndian(tags.AsSpan(12 + vendor.Length), 0);
        return tags;
    }
}
