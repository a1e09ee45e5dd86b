using WaQup.Abstractions.Voice;

namespace WaQup.Api.Conversation.Voice;

/// <summary>The last moments of microphone audio, kept so an utterance found a little late still begins with its first sound.</summary>
internal sealed class PreRoll(int capacity)
{
    private readonly byte[] _ring = new byte[capacity];
    private int _next;
    private int _count;

    public void Add(ReadOnlySpan<byte> audio)
    {
        if (_ring.Length == 0)
        {
            return;
        }

        if (audio.Length >= _ring.Length)
        {
            audio[^_ring.Length..].CopyTo(_ring);
            _next = 0;
            _count = _ring.Length;
            return;
        }

        var first = Math.Min(audio.Length, _ring.Length - _next);
        audio[..first].CopyTo(_ring.AsSpan(_next));
        audio[first..].CopyTo(_ring);
        _next = (_next + audio.Length) % _ring.Length;
        _count = Math.Min(_ring.Length, _count + audio.Length);
    }

    /// <summary>Writes what is kept, oldest first, and forgets it.</summary>
    public void CopyTo(IUtteranceRecognition recognition)
    {
        var start = (_next - _count + _ring.Length) % _ring.Length;
        var first = Math.Min(_count, _ring.Length - start);
        recognition.Write(_ring.AsSpan(start, first));
        recognition.Write(_ring.AsSpan(0, _count - first));
        _count = 0;
    }
}
