using WaQup.Abstractions.Catalog;

namespace WaQup.Grains.Catalog;

/// <summary>The read side of the marketplace tables: published packs, creators and owners, as the catalog asks.</summary>
public interface IPackCatalog
{
    Task<IReadOnlyList<CatalogRow>> SearchAsync(CatalogSearch search, CancellationToken cancellationToken);

    Task<CreatorPage?> GetCreatorAsync(string creatorId, string callerId, CancellationToken cancellationToken);

    Task<IReadOnlyList<CreatorPack>?> ListOwnPacksAsync(string userId, CancellationToken cancellationToken);

    Task<IReadOnlyList<PackSummary>> RecommendAsync(string callerId, int limit, CancellationToken cancellationToken);
}
