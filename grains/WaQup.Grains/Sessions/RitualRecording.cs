using System.Threading.Channels;
using WaQup.Providers.Audio;

namespace WaQup.Grains.Sessions;

/// <summary>
/// Encodes a ritual's frames to Ogg Opus on the thread pool. Encoding costs far more than anything else per frame,
/// and done on the session's own turn it would hold back the frames the client is waiting for.
/// </summary>
public sealed class RitualRecording : IAsyncDisposable
{
    private readonly Channel<ReadOnlyMemory<byte>> _frames =
        Channel.CreateUnbounded<ReadOnlyMemory<byte>>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    private readonly MemoryStream _file = new();
    private readonly Task _encoding;

    public RitualRecording(CancellationToken cancellationToken)
    {
        _encoding = Task.Run(() => EncodeAsync(cancellationToken), cancellationToken);
    }

    /// <summary>Queues one frame; the caller must not change <paramref name="pcm"/> afterwards.</summary>
    public void Add(ReadOnlyMemory<byte> pcm) => _frames.Writer.TryWrite(pcm);

    /// <summary>Waits for the last frame to be encoded and returns the whole file, positioned at its start.</summary>
    public async Task<Stream> FinishAsync()
    {
        _frames.Writer.TryComplete();
        await _encoding;
        _file.Position = 0;
        return _file;
    }

    public async ValueTask DisposeAsync()
    {
        _frames.Writer.TryComplete();
        try
        {
            await _encoding;
        }
        catch (OperationCanceledException)
        {
        }

        await _file.DisposeAsync();
    }

    private async Task EncodeAsync(CancellationToken cancellationToken)
    {
        using var ogg = new OggOpusWriter(_file);
        await foreach (var frame in _frames.Reader.ReadAllAsync(cancellationToken))
        {
            await ogg.WriteAsync(frame, cancellationToken);
        }

        await ogg.CompleteAsync(cancellationToken);
    }
}
