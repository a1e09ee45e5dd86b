using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;
using WaQup.Load;

namespace WaQup.Bench;

/// <summary>
/// Catalog search (issue 17): a silo whose pack table holds a large published catalogue, written straight in SQL from a
/// vocabulary of meditation and affirmation words so that some words are in most packs and others in a few hundred;
/// then <c>GET /v1/catalog</c> over HTTP at a few requests in flight, with a mix of the searches people make: one common
/// word, one rare word, two words, a word still being typed, filters alone, each sort, and a second page.
/// </summary>
public static class CatalogBench
{
    private const double TargetP99Ms = 30;
    private const int Creators = 300;

    /// <summary>
    /// One statement: the packs as the pack grain writes them (tags joined by spaces, scripts joined, kinds, total
    /// length), their words drawn by hashing the row number. Titles are an adjective, a theme and a form ("Gentle Sleep
    /// Meditation"); descriptions name two themes; scripts are 8 to 13 sentences of a 25-sentence pool; one pack in
    /// 25 mentions one of 20 rare words in its description, one in 40 in its title; plays fall off as a power law.
    /// </summary>
    private const string FillPacks =
        """
        WITH v AS (SELECT
          ARRAY['gentle','deep','quiet','daily','simple','soft','bright','steady','slow','open'] AS adjective,
          ARRAY['sleep','calm','focus','morning','evening','gratitude','confidence','healing','breath','peace','courage','energy',
                'balance','clarity','kindness','rest','joy','strength','release','grounding'] AS theme,
          ARRAY['meditation','affirmations','ritual','practice','journey','reset','session'] AS form,
          ARRAY['sleep','anxiety','focus','morning','gratitude','confidence','stress','selflove','breathwork','healing','energy',
                'relationships','work','body','kids'] AS tag,
          ARRAY['affirmation','meditation','ritual'] AS kind,
          ARRAY['I am safe and I am supported in this moment.','Breathe in slowly and feel your chest rise.',
                'Let your shoulders soften as you breathe out.','Notice the weight of your body resting down.',
                'Every breath brings a little more calm.','I welcome rest and let the day go.',
                'My mind is clear and my heart is open.','Feel the ground beneath you holding you steady.',
                'Allow each thought to pass like a cloud.','I trust myself to handle what comes today.',
                'Bring your attention to the space between breaths.','I am grateful for the people who care for me.',
                'Relax your jaw, your hands and your feet.','With each exhale, release what you do not need.',
                'I choose kindness toward myself and others.','Imagine a warm light filling your whole body.',
                'I am strong, capable and enough as I am.','Listen to the sounds around you without judging.',
                'Count four breaths in and six breaths out.','I let go of worry and make room for peace.',
                'Sleep comes easily when the body feels safe.','Your morning begins with a quiet intention.',
                'Feel your heartbeat slowing, steady and calm.','I forgive myself for yesterday and begin again.',
                'Picture a quiet lake at dawn, still and clear.'] AS sentence,
          ARRAY['lavender','tidepool','aurora','cedarwood','monsoon','kintsugi','solstice','ember','meadowlark','driftwood',
                'juniper','obsidian','wisteria','glacier','firefly','sandalwood','lighthouse','equinox','willow','saffron'] AS rare)
        INSERT INTO waqup_packs (pack_id, creator_id, creator_user_id, title, description, tags, tags_text, price_credits, status,
            kinds, total_ms, ritual_count, script_text, created_at, updated_at, published_at, plays, purchases, rating_sum, rating_count)
        SELECT 'pk_' || md5('pack' || i), 'cr_' || md5('creator' || (1 + h1 % $2)), 'bench-creator-' || (1 + h1 % $2),
          initcap(v.adjective[1 + h1 % 10] || ' ' || v.theme[1 + h2 % 20] || ' ' || v.form[1 + h3 % 7])
            || CASE WHEN h4 % 40 = 0 THEN ' with ' || initcap(v.rare[1 + h5 % 20]) ELSE '' END,
          'A ' || v.adjective[1 + h2 % 10] || ' practice for ' || v.theme[1 + h3 % 20] || ' and ' || v.theme[1 + h4 % 20] || '.'
            || CASE WHEN h5 % 25 = 0 THEN ' Inspired by ' || v.rare[1 + h1 % 20] || '.' ELSE '' END,
          t.tags, array_to_string(t.tags, ' '), (h1 % 5) * 5, 'published',
          CASE WHEN h2 % 3 = 0 THEN ARRAY[v.kind[1 + h3 % 3], v.kind[1 + (h3 + 1) % 3]] ELSE ARRAY[v.kind[1 + h3 % 3]] END,
          60000 * (1 + h4 % 45), 1 + h5 % 4,
          (SELECT string_agg(v.sentence[1 + abs(hashint4(i * 31 + s)) % 25], ' ') FROM generate_series(1, 8 + h1 % 6) AS s),
          now() - ($1 - i) * interval '1 minute', now(), now() - ($1 - i) * interval '1 minute',
          100000 / (1 + h2 % 5000), h3 % 50,
          CASE WHEN h4 % 5 = 0 THEN 0 ELSE (3 + h5 % 3) * (1 + h1 % 9) END, CASE WHEN h4 % 5 = 0 THEN 0 ELSE 1 + h1 % 9 END
        FROM generate_series(1, $1) AS i,
          LATERAL (SELECT abs(hashint4(i)) AS h1, abs(hashint4(i + 1000003)) AS h2, abs(hashint4(i + 2000003)) AS h3,
                          abs(hashint4(i + 3000017)) AS h4, abs(hashint4(i + 4000037)) AS h5) AS h,
          v,
          LATERAL (SELECT ARRAY(SELECT DISTINCT v.tag[1 + abs(hashint4(i * 7 + k)) % 15] FROM generate_series(1, 1 + h.h2 % 3) AS k) AS tags) AS t
        ON CONFLICT (pack_id) DO NOTHING
        """;

    private const string FillCreators =
        """
        INSERT INTO waqup_creators (creator_id, user_id, display_name, bio, created_at, updated_at)
        SELECT 'cr_' || md5('creator' || c), 'bench-creator-' || c, 'Creator ' || c, 'Guides calm practices.', now(), now()
        FROM generate_series(1, $1) AS c
        ON CONFLICT (creator_id) DO NOTHING
        """;

    /// <summary>The searches measured, each a kind of query with a few variants taken in turn.</summary>
    private static readonly (string Name, string[] Queries)[] Mix =
    [
        ("one common word (in ~64% of packs)", ["q=calm", "q=breathe", "q=peace"]),
        ("one rare word (~300 packs)", ["q=lavender", "q=kintsugi", "q=lighthouse", "q=juniper"]),
        ("two words", ["q=gentle%20sleep", "q=morning%20gratitude", "q=deep%20rest", "q=quiet%20focus"]),
        ("a word being typed", ["q=medita", "q=sle", "q=gentle%20bre", "q=morning%20gra", "q=conf"]),
        ("filters only (newest first)", ["kind=affirmation&max_minutes=15", "tag=sleep&kind=ritual", "tag=kids", "max_minutes=3"]),
        ("sort=popular", ["sort=popular", "sort=popular&tag=focus", "q=calm&sort=popular"]),
        ("sort=rating", ["sort=rating", "sort=rating&kind=meditation"]),
        ("sort=new with a word", ["q=breath&sort=new", "q=lavender&sort=new"]),
        ("second page", ["q=calm", "q=gentle%20sleep", "sort=popular"]),
    ];

    public static async Task<IReadOnlyList<BenchRow>> RunAsync(BenchOptions options, Action<string> progress, CancellationToken cancellationToken)
    {
        await using var silo = await SiloProcess.StartAsync(options, new Dictionary<string, string>(), cancellationToken);
        await using var database = NpgsqlDataSource.Create(options.Postgres);
        var fill = await FillAsync(database, options.CatalogPacks, progress, cancellationToken);

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.CatalogConcurrency * 2, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = silo.Url,
            Timeout = TimeSpan.FromSeconds(30),
        };
        var token = await TokenAsync(http, $"bench-catalog-{Guid.NewGuid():N}", cancellationToken);
        var paths = await PathsAsync(http, token, cancellationToken);
        progress($"catalog: warm-up {options.Warmup.TotalSeconds:N0} s at {options.CatalogConcurrency} in flight");
        await SearchAsync(http, token, paths, options.CatalogConcurrency, options.Warmup, silo, cancellationToken);
        progress($"catalog: measuring {options.CatalogHold.TotalSeconds:N0} s at {options.CatalogConcurrency} in flight");
        var run = await SearchAsync(http, token, paths, options.CatalogConcurrency, options.CatalogHold, silo, cancellationToken);
        progress($"catalog: {run.Rate:N0} searches/s, p99 {run.All.P99:N1} ms");
        progress("catalog: one at a time");
        var alone = await SearchAsync(http, token, paths, 1, options.CatalogHold / 3, silo, cancellationToken);

        var rows = new List<BenchRow>
        {
            new("catalog", "published packs", fill),
            new("catalog", $"all searches, {options.CatalogConcurrency} in flight", $"{Latency(run.All)} ({run.All.Count:N0} in {run.Seconds:N0} s)", $"p99 < {TargetP99Ms:N0} ms", run.All.P99 < TargetP99Ms),
        };
        rows.AddRange(Mix.Select((type, i) => new BenchRow("catalog", type.Name, Latency(run.ByType[i]))));
        rows.Add(new("catalog", "throughput", $"{run.Rate:N0} searches/s at {options.CatalogConcurrency} in flight; silo {run.Cores:N2} cores (PostgreSQL not counted), load generator {run.BenchCores:N2}"));
        rows.Add(new("catalog", "all searches, 1 in flight", $"{Latency(alone.All)}; {alone.Rate:N0} searches/s"));
        rows.Add(new("catalog", "statuses", run.Statuses, "all 200", run.AllOk && alone.AllOk));
        return rows;
    }

    private static string Latency(LatencyStats stats) =>
        string.Create(CultureInfo.InvariantCulture, $"p50 {stats.P50:N1} ms, p90 {stats.P90:N1} ms, p99 {stats.P99:N1} ms, max {stats.Max:N1} ms");

    /// <summary>Creators and packs in two statements, then VACUUM ANALYZE (statistics, and the GIN indexes' pending lists merged) and a checkpoint.</summary>
    private static async Task<string> FillAsync(NpgsqlDataSource database, int packs, Action<string> progress, CancellationToken cancellationToken)
    {
        progress($"catalog: writing {packs:N0} published packs by {Creators} creators");
        var clock = Stopwatch.StartNew();
        await ExecuteAsync(database, FillCreators, cancellationToken, Creators);
        await ExecuteAsync(database, FillPacks, cancellationToken, packs, Creators);
        var filled = clock.Elapsed;
        await ExecuteAsync(database, "VACUUM ANALYZE waqup_packs", cancellationToken);
        await ExecuteAsync(database, "VACUUM ANALYZE waqup_creators", cancellationToken);
        await ExecuteAsync(database, "CHECKPOINT", cancellationToken);
        var settled = clock.Elapsed - filled;
        await using var size = database.CreateCommand(
            "SELECT count(*), pg_relation_size('waqup_packs'), pg_indexes_size('waqup_packs'), pg_total_relation_size('waqup_packs') FROM waqup_packs WHERE status = 'published'");
        await using var reader = await size.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var summary = string.Create(
            CultureInfo.InvariantCulture,
            $"{reader.GetInt64(0):N0} packs, written in {filled.TotalSeconds:N1} s (one INSERT … SELECT generate_series), VACUUM ANALYZE and CHECKPOINT {settled.TotalSeconds:N1} s; table {reader.GetInt64(1) / 1048576.0:N0} MB, indexes {reader.GetInt64(2) / 1048576.0:N0} MB, with TOAST {reader.GetInt64(3) / 1048576.0:N0} MB");
        progress($"catalog: {summary}");
        return summary;
    }

    private static async Task ExecuteAsync(NpgsqlDataSource database, string sql, CancellationToken cancellationToken, params int[] values)
    {
        await using var command = database.CreateCommand(sql);
        command.CommandTimeout = 0;
        foreach (var value in values)
        {
            command.Parameters.AddWithValue(value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    internal static async Task<string> TokenAsync(HttpClient http, string userId, CancellationToken cancellationToken)
    {
        using var issued = await http.PostAsJsonAsync("/v1/auth/dev-token", new { user_id = userId }, cancellationToken);
        issued.EnsureSuccessStatusCode();
        return (string)(await issued.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!["access_token"]!;
    }

    /// <summary>Every path of the mix, by type; the second pages' cursors are fetched once, before measuring.</summary>
    private static async Task<string[][]> PathsAsync(HttpClient http, string token, CancellationToken cancellationToken)
    {
        var paths = Mix.Select(type => type.Queries.Select(q => $"/v1/catalog?{q}").ToArray()).ToArray();
        var second = paths.Length - 1;
        for (var i = 0; i < paths[second].Length; i++)
        {
            var (status, body) = await GetAsync(http, token, paths[second][i], cancellationToken);
            var cursor = status == 200 && JsonNode.Parse(body)?["next_cursor"] is { } next ? (string)next! : throw new InvalidOperationException($"{paths[second][i]} gave no second page ({status})");
            paths[second][i] += $"&cursor={Uri.EscapeDataString(cursor)}";
        }

        return paths;
    }

    private static async Task<(int Status, string Body)> GetAsync(HttpClient http, string token, string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, cancellationToken);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    private sealed record Measured(LatencyStats All, LatencyStats[] ByType, double Seconds, double Rate, double Cores, double BenchCores, string Statuses, bool AllOk);

    /// <summary>Searches at a fixed number in flight for <paramref name="hold"/>, each worker taking the mix's types in turn.</summary>
    private static async Task<Measured> SearchAsync(
        HttpClient http, string token, string[][] paths, int inFlight, TimeSpan hold, SiloProcess silo, CancellationToken cancellationToken)
    {
        var all = BenchStats.Histogram();
        var byType = paths.Select(_ => BenchStats.Histogram()).ToArray();
        var statuses = new ConcurrentDictionary<int, long>();
        long count = 0;
        var silo0 = silo.CpuSeconds();
        var bench0 = ProcessCpu.Seconds();
        var clock = Stopwatch.StartNew();
        var deadline = Stopwatch.GetTimestamp() + (long)(hold.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, inFlight).Select(worker => Task.Run(async () =>
        {
            for (var n = worker; Stopwatch.GetTimestamp() < deadline; n++)
            {
                var type = n % paths.Length;
                var variants = paths[type];
                var path = variants[(n / paths.Length) % variants.Length];
                var start = Stopwatch.GetTimestamp();
                var (status, _) = await GetAsync(http, token, path, cancellationToken);
                var end = Stopwatch.GetTimestamp();
                statuses.AddOrUpdate(status, 1, (_, c) => c + 1);
                BenchStats.RecordElapsed(all, start, end);
                BenchStats.RecordElapsed(byType[type], start, end);
                Interlocked.Increment(ref count);
            }
        }, cancellationToken)).ToList();
        await Task.WhenAll(workers);
        var seconds = clock.Elapsed.TotalSeconds;
        return new Measured(
            LatencyStats.From(all),
            [.. byType.Select(h => LatencyStats.From(h))],
            seconds,
            count / seconds,
            (silo.CpuSeconds() - silo0) / seconds,
            (ProcessCpu.Seconds() - bench0) / seconds,
            string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value:N0}")),
            statuses.Keys.All(s => s == 200));
    }
}
