using System.Buffers;
using System.Buffers.Binary;
using WaQup.Abstractions.Voice;

namespace WaQup.Providers.Recognition.Cloud;

/// <summary>
/// One utterance of microphone PCM, copied into a pooled buffer behind room for a WAV header, so that the whole file
/// can be sent without copying the audio again. Keeps at most a bound of audio: the first part, the rest is dropped.
/// </summary>
internal sealed class WavUtteranceBuffer(int maxAudioBytes) : IDisposable
{
    /// <summary>RIFF, fmt and data chunk headers of a plain PCM file.</summary>
    public const int HeaderBytes = 44;

    // A second of speech; most utterances fit in a few doublings.
    private const int FirstAudioBytes = MicrophoneFormat.SampleRate * MicrophoneFormat.BytesPerSample;

    private byte[]? _buffer;

    /// <summary>The audio kept, in bytes.</summary>
    public int AudioBytes { get; private set; }

    /// <summary>More audio was written than the bound, and the rest was dropped.</summary>
    public bool Truncated { get; private set; }

    public ReadOnlySpan<byte> Pcm => _buffer is null ? default : _buffer.AsSpan(HeaderBytes, AudioBytes);

    public void Append(ReadOnlySpan<byte> pcm)
    {
        var room = maxAudioBytes - AudioBytes;
        if (pcm.Length > room)
        {
            Truncated = true;
            pcm = pcm[..room];
        }

        if (pcm.IsEmpty)
        {
            return;
        }

        var buffer = Reserve(HeaderBytes + AudioBytes + pcm.Length);
        pcm.CopyTo(buffer.AsSpan(HeaderBytes + AudioBytes));
        AudioBytes += pcm.Length;
    }

    /// <summary>The audio as a 16 kHz mono PCM16 WAV file, read from this buffer: valid until it is disposed.</summary>
    public MemoryStream OpenWav()
    {
        var buffer = Reserve(HeaderBytes + AudioBytes);
        var header = buffer.AsSpan(0, HeaderBytes);
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)(HeaderBytes - 8 + AudioBytes));
        "WAVEfmt "u8.CopyTo(header[8..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(header[20..], 1);
        BinaryPrimitives.WriteUInt16LittleEndian(header[22..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(header[24..], MicrophoneFormat.SampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(header[28..], MicrophoneFormat.SampleRate * MicrophoneFormat.BytesPerSample);
        BinaryPrimitives.WriteUInt16LittleEndian(header[32..], MicrophoneFormat.BytesPerSample);
        BinaryPrimitives.WriteUInt16LittleEndian(header[34..], MicrophoneFormat.BytesPerSample * 8);
        "data"u8.CopyTo(header[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[40..], (uint)AudioBytes);
        // Seekable, so a retry of the request can send the same file again from its start.
        return new MemoryStream(buffer, 0, HeaderBytes + AudioBytes, writable: false);
    }

    public void Dispose()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private byte[] Reserve(int bytes)
    {
        if (_buffer is { } current && current.Length >= bytes)
        {
            return current;
        }

        // Doubling, so an utterance is copied a few times at most; never past the bound, which Append keeps bytes within.
        var size = Math.Max(bytes, _buffer is null ? HeaderBytes + FirstAudioBytes : _buffer.Length * 2);
        var grown = ArrayPool<byte>.Shared.Rent(Math.Min(size, HeaderBytes + maxAudioBytes));
        if (_buffer is { } old)
        {
            old.AsSpan(0, HeaderBytes + AudioBytes).CopyTo(grown);
            ArrayPool<byte>.Shared.Return(old);
        }

        _buffer = grown;
        return grown;
    }
}
