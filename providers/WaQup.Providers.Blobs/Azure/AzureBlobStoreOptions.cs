namespace WaQup.Providers.Blobs.Azure;

/// <summary>Where <see cref="AzureBlobStore"/> keeps its blobs.</summary>
public sealed record AzureBlobStoreOptions
{
    /// <summary>A storage account connection string; in production it comes from the environment, never from a file in the repository.</summary>
    public string ConnectionString { get; init; } = "";

    /// <summary>The container holding all blobs; created on first write when missing.</summary>
    public string ContainerName { get; init; } = "rituals";
}
