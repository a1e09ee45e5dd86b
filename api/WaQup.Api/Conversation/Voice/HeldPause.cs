using System.Buffers;
using WaQup.Abstractions.Voice;

namespace WaQup.Api.Conversation.Voice;

/// <summary>
/// The part of a pause in speech not yet given to the recogniser: it goes if speech resumes, and is forgotten if the
/// pause turns out to be the end of the utterance. Its buffer is rented while something is held.
/// </summary>
internal sealed class HeldPause(int capacity) : IDisposable
{
    private byte[]? _buffer;
    private int _length;

    public int Length => _length;

    /// <summary>Keeps a frame; past the capacity the oldest audio is what matters least, and the newest is dropped.</summary>
    public void Add(ReadOnlySpan<byte> frame)
    {
        _buffer ??= ArrayPool<byte>.Shared.Rent(capacity);
        var take = Math.Min(frame.Length, _buffer.Length - _length);
        frame[..take].CopyTo(_buffer.AsSpan(_length));
        _length += take;
    }

    /// <summary>Speech resumed: the pause goes to the recogniser, in its place before the new words.</summary>
    public void WriteTo(IUtteranceRecognition recognition)
    {
        if (_length > 0)
        {
            recognition.Write(_buffer.AsSpan(0, _length));
        }

        Clear();
    }

    /// <summary>The pause ended the utterance, or the utterance was dropped: nobody needs it.</summary>
    public void Clear()
    {
        _length = 0;
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Dispose() => Clear();
}
