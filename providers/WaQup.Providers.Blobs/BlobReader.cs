namespace WaQup.Providers.Blobs;

/// <summary>An open blob: a seekable stream, its length and its content type.</summary>
public sealed record BlobReader(Stream Content, long Length, string ContentType) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
