using Orleans.Concurrency;
using WaQup.Abstractions.Catalog;

namespace WaQup.Grains.Catalog;

/// <summary>
/// Catalog search, creator profiles and recommendations, answered from the marketplace tables. A stateless worker: each
/// silo answers its own callers, with no hop to a single activation. Reentrant because it holds no state at all, so
/// interleaving its calls cannot tangle anything, and one activation keeps several queries in flight instead of
/// queueing them behind one another's database round trips.
/// </summary>
[StatelessWorker, Reentrant]
public sealed class CatalogGrain(IPackCatalog packs, TimeProvider clock) : Grain, ICatalogGrain
{
    public async Task<CatalogAnswer> SearchAsync(CatalogQuery query, string callerId, CancellationToken cancellationToken)
    {
        var terms = SearchTerms.Parse(query.Text);
        // Without words there is nothing to rank: "relevance" then means the default order.
        var sort = query.Sort == CatalogSort.Relevance && terms is null ? CatalogSort.New : query.Sort;
        var shape = string.Join('\n', terms?.Canonical, query.Kind, query.MaxMinutes, query.Tag);
        var asOf = clock.GetUtcNow();
        CatalogKey? after = null;
        if (query.Cursor is { } cursor)
        {
            if (!CatalogCursor.TryDecode(cursor, sort, shape, out var key, out asOf))
            {
                return CatalogAnswer.Refused("cursor must be the next_cursor of an earlier page of this same query and sort.");
            }

            after = key;
        }

        var rows = await packs.SearchAsync(
            new CatalogSearch(terms, query.Kind, query.MaxMinutes * 60_000L, query.Tag, sort, asOf, after, query.Limit + 1, callerId),
            cancellationToken);
        var page = rows.Take(query.Limit).ToArray();
        var next = rows.Count > query.Limit ? CatalogCursor.Encode(page[^1].Key, asOf, sort, shape) : null;
        return new CatalogAnswer([.. page.Select(r => r.Pack)], next, null);
    }

    public Task<CreatorPage?> GetCreatorAsync(string creatorId, string callerId, CancellationToken cancellationToken) =>
        packs.GetCreatorAsync(creatorId, callerId, cancellationToken);

    public Task<IReadOnlyList<CreatorPack>?> ListOwnPacksAsync(string userId, CancellationToken cancellationToken) =>
        packs.ListOwnPacksAsync(userId, cancellationToken);

    public Task<IReadOnlyList<PackSummary>> RecommendAsync(string callerId, int limit, CancellationToken cancellationToken) =>
        packs.RecommendAsync(callerId, limit, cancellationToken);
}
