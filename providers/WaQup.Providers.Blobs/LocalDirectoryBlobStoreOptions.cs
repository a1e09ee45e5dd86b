namespace WaQup.Providers.Blobs;

/// <summary>Where <see cref="LocalDirectoryBlobStore"/> keeps its files.</summary>
public sealed record LocalDirectoryBlobStoreOptions
{
    /// <summary>The directory holding all blobs; created on first write.</summary>
    public string RootPath { get; init; } = "blobs";
}
