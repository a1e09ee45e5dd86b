namespace WaQup.Providers.Blobs;

/// <summary>Where saved ritual audio lives. Writes are idempotent by key.</summary>
public interface IBlobStore
{
    Task PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken);

    /// <summary>Null when there is no blob under <paramref name="key"/>.</summary>
    Task<BlobReader?> OpenReadAsync(string key, CancellationToken cancellationToken);

    Task DeleteAsync(string key, CancellationToken cancellationToken);
}
