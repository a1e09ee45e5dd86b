using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace WaQup.Providers.Blobs.Azure;

/// <summary>A read-only, seekable stream over one version of a blob that downloads ranges as they are read.</summary>
/// <remarks>
/// The SDK's own <c>OpenReadAsync</c> stream is seekable, but it always downloads 4 MB at a time, so answering a
/// 2-byte Range probe costs 4 MB; and it would need a second request for the content type. This stream instead reads
/// straight from the HTTP response into the caller's buffer (it holds no buffer of its own) and sizes each download
/// to how it is being read: a download after a seek (a Range request, a player skipping ahead) asks for 64 KB, and
/// each download that continues the previous one doubles, up to 4 MB. Playing a whole blob therefore costs a few
/// requests, and a reader that stops early wastes at most one download. Every download is pinned to the ETag seen
/// when the blob was opened, so a blob replaced or deleted mid-read fails with an <see cref="IOException"/> instead
/// of splicing two versions together.
/// </remarks>
internal sealed class AzureBlobReadStream(BlobClient blob, long length, ETag etag) : Stream
{
    private const int FirstDownloadBytes = 64 * 1024;
    private const int MaxDownloadBytes = 4 * 1024 * 1024;

    private readonly BlobRequestConditions _sameVersion = new() { IfMatch = etag };
    private long _position;
    private Stream? _download;
    private long _downloadEnd = -1;
    private long _downloadBytes;
    private bool _disposed;

    public override bool CanRead => !_disposed;

    public override bool CanSeek => !_disposed;

    public override bool CanWrite => false;

    public override long Length
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return length;
        }
    }

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        if (target < 0)
        {
            throw new IOException("Cannot seek before the beginning of the blob.");
        }

        if (target != _position)
        {
            // The open response is positioned for the old offset; dropping it lets the next read ask for the new one.
            DropDownload();
            _position = target;
        }

        return _position;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.IsEmpty || _position >= length)
        {
            return 0;
        }

        if (_download is null)
        {
            var options = NextDownload(buffer.Length);
            _download = Translate(() => blob.DownloadStreaming(options).Value.Content);
        }

        var read = _download.Read(buffer[..RemainingInDownload(buffer.Length)]);
        Advance(read);
        if (_position == _downloadEnd)
        {
            DropDownload();
        }

        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.IsEmpty || _position >= length)
        {
            return 0;
        }

        if (_download is null)
        {
            var options = NextDownload(buffer.Length);
            try
            {
                _download = (await blob.DownloadStreamingAsync(options, cancellationToken).ConfigureAwait(false)).Value.Content;
            }
            catch (RequestFailedException exception) when (exception.Status is 404 or 412)
            {
                throw Changed(exception);
            }
        }

        var read = await _download.ReadAsync(buffer[..RemainingInDownload(buffer.Length)], cancellationToken).ConfigureAwait(false);
        Advance(read);
        if (_position == _downloadEnd)
        {
            await DropDownloadAsync().ConfigureAwait(false);
        }

        return read;
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void SetLength(long value) => throw new NotSupportedException("A blob stream is read-only.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("A blob stream is read-only.");

    public override async ValueTask DisposeAsync()
    {
        await DropDownloadAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            DropDownload();
        }

        _disposed = true;
        base.Dispose(disposing);
    }

    /// <summary>The range of the next download: 64 KB after a seek, twice the last one while reading on, never past the end.</summary>
    private BlobDownloadOptions NextDownload(int wanted)
    {
        var continues = _position == _downloadEnd;
        var bytes = continues ? Math.Min(_downloadBytes * 2, MaxDownloadBytes) : FirstDownloadBytes;
        // A caller reading in large pieces gets each piece from one request.
        bytes = Math.Min(Math.Max(bytes, Math.Min(wanted, MaxDownloadBytes)), length - _position);
        _downloadBytes = bytes;
        _downloadEnd = _position + bytes;
        return new BlobDownloadOptions { Range = new HttpRange(_position, bytes), Conditions = _sameVersion };
    }

    private int RemainingInDownload(int wanted) => (int)Math.Min(wanted, _downloadEnd - _position);

    private void Advance(int read)
    {
        if (read == 0)
        {
            throw new IOException($"The blob ended at byte {_position} although it is {length} bytes long.");
        }

        _position += read;
    }

    private void DropDownload()
    {
        var download = _download;
        _download = null;
        download?.Dispose();
    }

    private async ValueTask DropDownloadAsync()
    {
        var download = _download;
        _download = null;
        if (download is not null)
        {
            await download.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static Stream Translate(Func<Stream> download)
    {
        try
        {
            return download();
        }
        catch (RequestFailedException exception) when (exception.Status is 404 or 412)
        {
            throw Changed(exception);
        }
    }

    private static IOException Changed(RequestFailedException exception) =>
        new("The blob was replaced or deleted while it was being read.", exception);
}
