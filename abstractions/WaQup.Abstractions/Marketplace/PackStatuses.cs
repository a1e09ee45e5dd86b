namespace WaQup.Abstractions.Marketplace;

/// <summary>The statuses of a pack (PROTOCOL.md): only a published pack is listed and sold.</summary>
public static class PackStatuses
{
    public const string Draft = "draft";
    public const string Published = "published";
    public const string Unpublished = "unpublished";
}
