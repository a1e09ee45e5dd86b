using Azure;
using Azure.Core;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace WaQup.Providers.Blobs.Azure;

/// <summary>Blobs in one Azure Storage container (or Azurite): the store for installs with more than one node.</summary>
/// <remarks>
/// Keys follow exactly the rules of <see cref="LocalDirectoryBlobStore"/>, so a key that works in development works
/// here: refused (<see cref="ArgumentException"/>) when empty, longer than 1024 characters, containing a backslash,
/// ':', a control character or an empty segment, or when any segment starts with '.'. A write uploads the whole blob
/// and replaces any previous one atomically, so writing a key again is idempotent and readers never see a torn blob.
/// Transient failures are retried by the SDK's own pipeline (see <see cref="CreateClientOptions"/>); nothing here
/// retries on top of it.
/// </remarks>
public sealed class AzureBlobStore : IBlobStore
{
    private const string DefaultContentType = "application/octet-stream";
    private const int MaxKeyLength = 1024;

    private readonly BlobContainerClient _container;
    private readonly SemaphoreSlim _containerGate = new(1, 1);
    private volatile bool _containerExists;

    public AzureBlobStore(AzureBlobStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new ArgumentException("The Azure blob store needs a storage connection string.", nameof(options));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(options.ContainerName);
        _container = new BlobServiceClient(options.ConnectionString, CreateClientOptions())
            .GetBlobContainerClient(options.ContainerName);
    }

    public async Task PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        if (contentType.Any(char.IsControl))
        {
            throw new ArgumentException("A content type cannot contain control characters.", nameof(contentType));
        }

        var blob = BlobFor(key);
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        // No conditions: the upload overwrites, and a single put or a block-list commit swaps the blob atomically.
        await blob.UploadAsync(
            content,
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<BlobReader?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        var blob = BlobFor(key);
        BlobProperties properties;
        try
        {
            properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            // Either the blob or the whole container is missing; both mean "nothing under this key".
            return null;
        }

        var contentType = string.IsNullOrWhiteSpace(properties.ContentType) ? DefaultContentType : properties.ContentType;
        var stream = new AzureBlobReadStream(blob, properties.ContentLength, properties.ETag);
        return new BlobReader(stream, properties.ContentLength, contentType);
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var blob = BlobFor(key);
        await blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>The SDK's retry policy, tuned for a listener waiting on audio rather than a batch job.</summary>
    /// <remarks>
    /// The defaults (0.8 s first delay, up to a minute between tries, 100 s network timeout) suit background work; a
    /// player gives up long before that. Four exponential retries from 200 ms wait about three seconds in all, and a
    /// stalled connection is abandoned after 30 s instead of 100.
    /// </remarks>
    private static BlobClientOptions CreateClientOptions()
    {
        var options = new BlobClientOptions();
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = 4;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(5);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
        return options;
    }

    private BlobClient BlobFor(string key)
    {
        ValidateKey(key);
        return _container.GetBlobClient(key);
    }

    private async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (_containerExists)
        {
            return;
        }

        await _containerGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Only success is remembered: a creation that failed (say, the account was briefly unreachable) is tried again on the next write.
            if (!_containerExists)
            {
                await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                _containerExists = true;
            }
        }
        finally
        {
            _containerGate.Release();
        }
    }

    private static void ValidateKey(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (key.Length > MaxKeyLength)
        {
            throw new ArgumentException($"A blob key is at most {MaxKeyLength} characters.", nameof(key));
        }

        if (key.Contains('\\') || key.Contains(':') || key.Any(char.IsControl))
        {
            throw new ArgumentException($"The blob key '{key}' must be a relative path with '/' separators.", nameof(key));
        }

        // A leading '/' shows up as an empty first segment.
        foreach (var segment in key.Split('/'))
        {
            if (segment.Length == 0 || segment[0] == '.')
            {
                throw new ArgumentException($"The blob key '{key}' has an empty segment or one starting with '.'.", nameof(key));
            }
        }
    }
}
