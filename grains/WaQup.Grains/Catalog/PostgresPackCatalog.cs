using System.Text.Json;
using Npgsql;
using WaQup.Abstractions.Catalog;

namespace WaQup.Grains.Catalog;

/// <summary>
/// The catalog's queries over <c>waqup_packs</c>, <c>waqup_creators</c>, <c>waqup_pack_owners</c> and
/// <c>waqup_rituals</c> (migration 0104), which the creator, pack and purchase grains keep; this class only reads.
/// docs/catalog.md explains the matching, the ranking and its bound, the cursors and the recommendation scores.
/// </summary>
public sealed class PostgresPackCatalog(NpgsqlDataSource database) : IPackCatalog
{
    /// <summary>
    /// How many of the newest matches a relevance search ranks. Ranking every match of a word found in most packs
    /// ranks tens of thousands of rows per page (75 ms at 100,000 packs, measured); finding the newest few hundred
    /// matches walks the "new" index and tests each row it passes, which costs in proportion to this bound divided by
    /// how common the words are (two words of which one is in a fifth of the packs: 42 ms for 1,000 candidates, 5 ms
    /// for 300, on the loaded benchmark machine). Older matches stay reachable by the other sorts and by narrower
    /// queries.
    /// </summary>
    public const int RelevanceCandidates = 500;

    /// <summary>The most packs a profile lists.</summary>
    public const int ProfileLimit = 200;

    /// <summary>The most packs a creator's own list (their Studio) shows, newest first.</summary>
    public const int OwnPacksLimit = 200;

    /// <summary>Topics (tags) of the cold start, and how many of the most popular packs they are counted over.</summary>
    private const int ColdTopics = 5;
    private const int ColdTopicSample = 2_000;

    /// <summary>How many of the most popular packs of the caller's tags and kinds are scored for recommendations.</summary>
    private const int TagCandidates = 500;
    private const int KindCandidates = 200;

    /// <summary>ts_rank's weights for D (script), C (description), B (tags), A (title): a title word outweighs all else.</summary>
    private const string Weights = "'{0.1, 0.2, 0.4, 1.0}'::real[]";

    private const string Columns =
        """
        p.pack_id, p.title, p.description, p.creator_id, coalesce(c.display_name, ''), p.price_credits, p.tags, p.kinds,
        p.total_ms, p.ritual_count, p.rating, p.plays, p.published_at, p.purchases
        """;

    private const string Creators = "LEFT JOIN waqup_creators c ON c.creator_id = p.creator_id";

    /// <summary>The columns of a pack that a page shows or sorts by, without the text and vectors.</summary>
    private const string Kept =
        """
        p.pack_id, p.title, p.description, p.creator_id, p.creator_user_id, p.price_credits, p.tags, p.kinds,
        p.total_ms, p.ritual_count, p.rating, p.plays, p.published_at, p.purchases
        """;

    /// <summary>Below this many expected matches, a search sorted otherwise than by relevance sorts its matches from the GIN indexes.</summary>
    private const double FewMatches = 2_000;

    public async Task<IReadOnlyList<CatalogRow>> SearchAsync(CatalogSearch search, CancellationToken cancellationToken)
    {
        var args = new SqlArguments();
        var where = new List<string> { "p.status = 'published'", $"p.published_at <= {args.Add(search.AsOf)}" };
        string? rank = null;
        if (search.Terms is { } terms)
        {
            (var match, rank) = TextMatch(terms, args);
            where.Add(match);
        }

        if (search.Kind is { } kind)
        {
            where.Add($"p.kinds @> ARRAY[{args.Add(kind)}]");
        }

        if (search.MaxMs is { } maxMs)
        {
            where.Add($"p.total_ms <= {args.Add(maxMs)}");
        }

        if (search.Tag is { } tag)
        {
            where.Add($"p.tags @> ARRAY[{args.Add(tag)}]");
        }

        var owned = Owned(args.Add(search.CallerId));
        string sql;
        if (search.Sort == CatalogSort.Relevance && rank is not null)
        {
            // The candidates are bounded in an order that does not depend on the words (newest first, below the walk's
            // "as of"), so every page of one walk ranks the very same set, and a page starts after the last one's key.
            var after = search.After is { } last
                ? $"WHERE p.score < {args.Add(last.Score)} OR (p.score = {args.Add(last.Score)} AND p.pack_id > {args.Add(last.PackId)})"
                : "";
            sql = $"""
                WITH candidates AS (
                    SELECT p.* FROM waqup_packs p WHERE {string.Join(" AND ", where)}
                    ORDER BY p.published_at DESC, p.pack_id DESC LIMIT {RelevanceCandidates}),
                ranked AS (SELECT p.*, ({rank})::real AS score FROM candidates p)
                SELECT {Columns}, {owned}, p.score FROM ranked p {Creators}
                {after}
                ORDER BY p.score DESC, p.pack_id
                LIMIT {args.Add(search.Take)}
                """;
        }
        else
        {
            var sort = search.Sort == CatalogSort.Relevance ? CatalogSort.New : search.Sort;
            var matching = string.Join(" AND ", where);
            var after = search.After is { } last ? After(sort, last, args) : null;
            // Words in few packs, in another order than relevance: PostgreSQL would rather walk the sort's index testing
            // every row's words (it prices a test as nearly free; thousands of rows for a rare word) than take the few
            // matches from the GIN indexes and sort them. Asked how many it expects, it is right: so when they are few,
            // the matches are gathered first, and only they are sorted.
            sql = rank is not null && await ExpectedRowsAsync(args, $"SELECT 1 FROM waqup_packs p WHERE {matching}", cancellationToken) <= FewMatches
                ? $"""
                    WITH matches AS MATERIALIZED (SELECT {Kept} FROM waqup_packs p WHERE {matching})
                    SELECT {Columns}, {owned}, 0::real FROM matches p {Creators}
                    {(after is null ? "" : "WHERE " + after)}
                    ORDER BY {Order(sort)}
                    LIMIT {args.Add(search.Take)}
                    """
                : $"""
                    SELECT {Columns}, {owned}, 0::real FROM waqup_packs p {Creators}
                    WHERE {matching}{(after is null ? "" : " AND " + after)}
                    ORDER BY {Order(sort)}
                    LIMIT {args.Add(search.Take)}
                    """;
        }

        await using var command = args.Command(database, sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<CatalogRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new CatalogRow(
                ReadPack(reader),
                new CatalogKey(
                    reader.GetString(0),
                    reader.GetFieldValue<DateTimeOffset>(12),
                    reader.GetInt64(11),
                    reader.GetInt64(13),
                    reader.IsDBNull(10) ? null : reader.GetFloat(10),
                    reader.GetFloat(15))));
        }

        return rows;
    }

    public async Task<CreatorPage?> GetCreatorAsync(string creatorId, string callerId, CancellationToken cancellationToken)
    {
        string name, bio;
        await using (var creator = database.CreateCommand("SELECT display_name, bio FROM waqup_creators WHERE creator_id = $1"))
        {
            creator.Parameters.AddWithValue(creatorId);
            await using var reader = await creator.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            (name, bio) = (reader.GetString(0), reader.GetString(1));
        }

        var args = new SqlArguments();
        var id = args.Add(creatorId);
        var packs = await ReadPacksAsync(
            args,
            $"""
            SELECT {Columns}, {Owned(args.Add(callerId))} FROM waqup_packs p {Creators}
            WHERE p.creator_id = {id} AND p.status = 'published'
            ORDER BY p.published_at DESC, p.pack_id DESC
            LIMIT {ProfileLimit}
            """,
            cancellationToken);
        return new CreatorPage(creatorId, name, bio, packs);
    }

    public async Task<IReadOnlyList<CreatorPack>?> ListOwnPacksAsync(string userId, CancellationToken cancellationToken)
    {
        var args = new SqlArguments();
        var user = args.Add(userId);
        await using var command = args.Command(
            database,
            $"""
            SELECT {Columns}, true, p.status
            FROM waqup_creators me JOIN waqup_packs p ON p.creator_id = me.creator_id {Creators}
            WHERE me.user_id = {user}
            ORDER BY p.created_at DESC, p.pack_id DESC
            LIMIT {OwnPacksLimit}
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var packs = new List<CreatorPack>();
        while (await reader.ReadAsync(cancellationToken))
        {
            packs.Add(new CreatorPack(ReadPack(reader), reader.GetString(15)));
        }

        if (packs.Count > 0)
        {
            return packs;
        }

        await using var creator = database.CreateCommand("SELECT EXISTS (SELECT 1 FROM waqup_creators WHERE user_id = $1)");
        creator.Parameters.AddWithValue(userId);
        return (bool)(await creator.ExecuteScalarAsync(cancellationToken))! ? packs : null;
    }

    public async Task<IReadOnlyList<PackSummary>> RecommendAsync(string callerId, int limit, CancellationToken cancellationToken)
    {
        var personal = await PersonalAsync(callerId, limit, cancellationToken);
        if (personal.Count >= limit)
        {
            return personal;
        }

        var seen = personal.Select(p => p.PackId).ToHashSet(StringComparer.Ordinal);
        var cold = await ColdStartAsync(callerId, limit, cancellationToken);
        return [.. personal, .. cold.Where(p => seen.Add(p.PackId)).Take(limit - personal.Count)];
    }

    /// <summary>
    /// Packs scored from the caller's history: 2 for each listener who owns one of the caller's packs and this one too,
    /// 2 for each listener who played a pack the caller played and played this one too ("listeners of this also
    /// played"), plus, for each of its tags, the share of the caller's packs (owned or played) carrying that tag, plus
    /// half the share of the caller's history (those packs' kinds and their own rituals) in its best-liked kind. Packs
    /// the caller owns, made or has played are left out.
    /// </summary>
    private Task<IReadOnlyList<PackSummary>> PersonalAsync(string callerId, int limit, CancellationToken cancellationToken)
    {
        var args = new SqlArguments();
        var caller = args.Add(callerId);
        return ReadPacksAsync(
            args,
            $"""
            WITH mine AS (
                SELECT pack_id FROM waqup_pack_owners WHERE user_id = {caller}),
            played AS (
                SELECT DISTINCT pack_id FROM waqup_plays WHERE user_id = {caller} AND pack_id IS NOT NULL),
            owned_packs AS (
                SELECT p.tags, p.kinds FROM waqup_packs p WHERE p.pack_id IN (SELECT pack_id FROM mine UNION SELECT pack_id FROM played)),
            liked_tags AS (
                SELECT t.tag, count(*)::real / (SELECT count(*) FROM owned_packs) AS share
                FROM owned_packs o CROSS JOIN unnest(o.tags) AS t(tag) GROUP BY t.tag),
            history_kinds AS (
                SELECT unnest(o.kinds) AS kind FROM owned_packs o
                UNION ALL
                SELECT r.kind FROM waqup_rituals r WHERE r.owner_id = {caller}),
            liked_kinds AS (
                SELECT h.kind, count(*)::real / (SELECT count(*) FROM history_kinds) AS share FROM history_kinds h GROUP BY h.kind),
            co_owned AS (
                SELECT o.pack_id, count(DISTINCT o.user_id) AS listeners
                FROM waqup_pack_owners o
                WHERE o.user_id IN (SELECT x.user_id FROM waqup_pack_owners x JOIN mine m ON m.pack_id = x.pack_id WHERE x.user_id <> {caller})
                GROUP BY o.pack_id),
            co_played AS (
                SELECT w.pack_id, count(DISTINCT w.user_id) AS listeners
                FROM waqup_plays w
                WHERE w.pack_id IS NOT NULL
                  AND w.user_id IN (SELECT y.user_id FROM waqup_plays y JOIN played d ON d.pack_id = y.pack_id WHERE y.user_id <> {caller})
                GROUP BY w.pack_id),
            candidates AS (
                SELECT pack_id FROM co_owned
                UNION
                SELECT pack_id FROM co_played
                UNION
                (SELECT p.pack_id FROM waqup_packs p
                 WHERE p.status = 'published' AND p.tags && ARRAY(SELECT tag FROM liked_tags)
                 ORDER BY p.plays DESC, p.purchases DESC, p.pack_id DESC LIMIT {TagCandidates})
                UNION
                (SELECT p.pack_id FROM waqup_packs p
                 WHERE p.status = 'published' AND p.kinds && ARRAY(SELECT kind FROM liked_kinds)
                 ORDER BY p.plays DESC, p.purchases DESC, p.pack_id DESC LIMIT {KindCandidates})),
            scored AS (
                SELECT p.*,
                    2 * coalesce((SELECT x.listeners FROM co_owned x WHERE x.pack_id = p.pack_id), 0)
                    + 2 * coalesce((SELECT x.listeners FROM co_played x WHERE x.pack_id = p.pack_id), 0)
                    + coalesce((SELECT sum(l.share) FROM liked_tags l WHERE l.tag = ANY (p.tags)), 0)
                    + 0.5 * coalesce((SELECT max(l.share) FROM liked_kinds l WHERE l.kind = ANY (p.kinds)), 0) AS score
                FROM waqup_packs p JOIN candidates k ON k.pack_id = p.pack_id
                WHERE p.status = 'published' AND p.creator_user_id <> {caller}
                  AND NOT EXISTS (SELECT 1 FROM mine m WHERE m.pack_id = p.pack_id)
                  AND NOT EXISTS (SELECT 1 FROM played d WHERE d.pack_id = p.pack_id))
            SELECT {Columns}, false FROM scored p {Creators}
            WHERE p.score > 0
            ORDER BY p.score DESC, p.plays DESC, p.purchases DESC, p.pack_id DESC
            LIMIT {args.Add(limit)}
            """,
            cancellationToken);
    }

    /// <summary>
    /// Without history (or to fill up after it): the most common tags among the most popular packs are the topics, and
    /// each topic's most popular packs (not the caller's own, owned or played) are dealt in turn, the first of every
    /// topic, then the second of every topic.
    /// </summary>
    private Task<IReadOnlyList<PackSummary>> ColdStartAsync(string callerId, int limit, CancellationToken cancellationToken)
    {
        var args = new SqlArguments();
        var caller = args.Add(callerId);
        var count = args.Add(limit);
        return ReadPacksAsync(
            args,
            $"""
            WITH sample AS (
                SELECT p.tags FROM waqup_packs p WHERE p.status = 'published'
                ORDER BY p.plays DESC, p.purchases DESC, p.pack_id DESC LIMIT {ColdTopicSample}),
            topics AS (
                SELECT t.tag, row_number() OVER (ORDER BY count(*) DESC, t.tag) AS topic
                FROM sample s CROSS JOIN unnest(s.tags) AS t(tag) GROUP BY t.tag ORDER BY topic LIMIT {ColdTopics}),
            dealt AS (
                SELECT DISTINCT ON (q.pack_id) q.pack_id, q.turn, t.topic
                FROM topics t CROSS JOIN LATERAL (
                    SELECT p.pack_id, row_number() OVER (ORDER BY p.plays DESC, p.purchases DESC, p.pack_id DESC) AS turn
                    FROM waqup_packs p
                    WHERE p.status = 'published' AND p.tags @> ARRAY[t.tag] AND p.creator_user_id <> {caller}
                      AND NOT EXISTS (SELECT 1 FROM waqup_pack_owners o WHERE o.pack_id = p.pack_id AND o.user_id = {caller})
                      AND NOT EXISTS (SELECT 1 FROM waqup_plays w WHERE w.pack_id = p.pack_id AND w.user_id = {caller})
                    ORDER BY p.plays DESC, p.purchases DESC, p.pack_id DESC LIMIT {count}) AS q
                ORDER BY q.pack_id, q.turn, t.topic)
            SELECT {Columns}, false FROM dealt d JOIN waqup_packs p ON p.pack_id = d.pack_id {Creators}
            ORDER BY d.turn, d.topic
            LIMIT {count}
            """,
            cancellationToken);
    }

    /// <summary>The words: each finished one by its English stem; the one being typed by its stem or as the start of a word.</summary>
    private static (string Match, string Rank) TextMatch(SearchTerms terms, SqlArguments args)
    {
        var match = new List<string>();
        var rank = new List<string>();
        if (terms.Finished.Count > 0)
        {
            // plainto_tsquery reads its text as plain words (no operators), ANDed, stemmed, stop words dropped. A query of
            // stop words alone ("the ") is empty, and an empty query matches nothing: such words constrain nothing here.
            // With the values bound, PostgreSQL folds the numnode test away when planning, and the index stays usable.
            var stems = $"plainto_tsquery('english', {args.Add(string.Join(' ', terms.Finished))})";
            match.Add($"(numnode({stems}) = 0 OR p.search @@ {stems})");
            rank.Add($"ts_rank({Weights}, p.search, {stems})");
        }

        if (terms.Prefix is { } prefix)
        {
            // The prefix is letters and digits only (SearchTerms), quoted as one lexeme: 'medita':* finds "meditation"
            // among the unstemmed words, where the stem ("medit") would not be a prefix of what was typed.
            var start = $"to_tsquery('simple', {args.Add($"'{prefix}':*")})";
            var stem = $"plainto_tsquery('english', {args.Add(prefix)})";
            match.Add($"(p.words @@ {start} OR p.search @@ {stem})");
            rank.Add($"ts_rank({Weights}, p.search, {stem})");
            rank.Add($"ts_rank({Weights}, p.words, {start})");
        }

        return (string.Join(" AND ", match), string.Join(" + ", rank));
    }

    /// <summary>Strictly after <paramref name="last"/> in <paramref name="sort"/>'s order (row comparisons, which the sort indexes serve).</summary>
    private static string After(CatalogSort sort, CatalogKey last, SqlArguments args) => sort switch
    {
        CatalogSort.Popular => $"(p.plays, p.purchases, p.pack_id) < ({args.Add(last.Plays)}, {args.Add(last.Purchases)}, {args.Add(last.PackId)})",
        CatalogSort.Rating when last.Rating is { } rating =>
            $"((p.rating, p.pack_id) < ({args.Add(rating)}, {args.Add(last.PackId)}) OR p.rating IS NULL)",
        CatalogSort.Rating => $"(p.rating IS NULL AND p.pack_id < {args.Add(last.PackId)})",
        _ => $"(p.published_at, p.pack_id) < ({args.Add(last.PublishedAt)}, {args.Add(last.PackId)})",
    };

    private static string Order(CatalogSort sort) => sort switch
    {
        CatalogSort.Popular => "p.plays DESC, p.purchases DESC, p.pack_id DESC",
        CatalogSort.Rating => "p.rating DESC NULLS LAST, p.pack_id DESC",
        _ => "p.published_at DESC, p.pack_id DESC",
    };

    /// <summary>Whether the caller owns the pack <c>p</c>: they made it, or hold it.</summary>
    private static string Owned(string caller) =>
        $"(p.creator_user_id = {caller} OR EXISTS (SELECT 1 FROM waqup_pack_owners o WHERE o.pack_id = p.pack_id AND o.user_id = {caller}))";

    /// <summary>How many rows PostgreSQL's planner expects <paramref name="select"/> to return, with the values bound.</summary>
    private async Task<double> ExpectedRowsAsync(SqlArguments args, string select, CancellationToken cancellationToken)
    {
        await using var command = args.Command(database, "EXPLAIN (FORMAT JSON) " + select);
        var plan = (string?)await command.ExecuteScalarAsync(cancellationToken);
        using var json = JsonDocument.Parse(plan ?? "[]");
        return json.RootElement[0].GetProperty("Plan").GetProperty("Plan Rows").GetDouble();
    }

    private async Task<IReadOnlyList<PackSummary>> ReadPacksAsync(SqlArguments args, string sql, CancellationToken cancellationToken)
    {
        await using var command = args.Command(database, sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var packs = new List<PackSummary>();
        while (await reader.ReadAsync(cancellationToken))
        {
            packs.Add(ReadPack(reader));
        }

        return packs;
    }

    /// <summary>A row of <see cref="Columns"/> followed by the owned flag.</summary>
    private static PackSummary ReadPack(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetString(4),
        reader.GetInt32(5),
        reader.GetFieldValue<string[]>(6),
        reader.GetFieldValue<string[]>(7),
        reader.GetInt64(8),
        reader.GetInt32(9),
        // A mean of whole stars, stored as a real: two decimals say all of it that means anything.
        reader.IsDBNull(10) ? null : Math.Round(reader.GetFloat(10), 2),
        reader.GetInt64(11),
        reader.IsDBNull(12) ? null : reader.GetFieldValue<DateTimeOffset>(12),
        reader.GetBoolean(14));
}
