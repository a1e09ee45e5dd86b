namespace WaQup.Abstractions.Catalog;

/// <summary>
/// The marketplace as listeners find it: search over published packs, creators' public profiles, and
/// recommendations. It reads the tables the creator and pack grains keep, so any activation answers any caller.
/// </summary>
public interface ICatalogGrain : IGrainWithIntegerKey
{
    /// <summary>One page of published packs matching <paramref name="query"/>, each marked owned or not for <paramref name="callerId"/>.</summary>
    Task<CatalogAnswer> SearchAsync(CatalogQuery query, string callerId, CancellationToken cancellationToken);

    /// <summary>A creator's public profile with their published packs, newest first; null when there is no such creator.</summary>
    Task<CreatorPage?> GetCreatorAsync(string creatorId, string callerId, CancellationToken cancellationToken);

    /// <summary>The newest packs of the creator who is <paramref name="userId"/>, drafts included; null when they are no creator.</summary>
    Task<IReadOnlyList<CreatorPack>?> ListOwnPacksAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="limit"/> published packs for <paramref name="callerId"/> that they neither own nor made.</summary>
    Task<IReadOnlyList<PackSummary>> RecommendAsync(string callerId, int limit, CancellationToken cancellationToken);
}
