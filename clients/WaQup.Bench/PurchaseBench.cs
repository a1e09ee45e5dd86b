using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using WaQup.Load;

namespace WaQup.Bench;

/// <summary>
/// Purchases with credits (issue 17): a few creators each make a ritual by asking for it in a conversation and sell a
/// pack of it; then listeners buy those packs over HTTP at a fixed number in flight, a share of purchases sent again
/// with the same key (as a client retries). Purchases per second and latency, new and repeated apart; then proof that
/// money moved once: every buyer's debits and owned packs, every creator's rewards, against the purchases answered.
/// </summary>
public static class PurchaseBench
{
    private const int Creators = 8;
    private const int Price = 2;
    private const double RepeatShare = 0.1;

    /// <summary>Packs each buyer buys: as many as the welcome grant (10 credits) pays for at <see cref="Price"/>.</summary>
    private const int PacksPerBuyer = 5;

    private static readonly TimeSpan RitualPatience = TimeSpan.FromMinutes(3);

    public static async Task<IReadOnlyList<BenchRow>> RunAsync(BenchOptions options, Action<string> progress, CancellationToken cancellationToken)
    {
        // Rituals are asked for paced 20 times faster than they are heard: the bench needs them made, not listened to.
        await using var silo = await SiloProcess.StartAsync(options, new Dictionary<string, string> { ["Conversation:PaceFactor"] = "20" }, cancellationToken);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.PurchaseConcurrency * 2, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = silo.Url,
            Timeout = TimeSpan.FromSeconds(30),
        };
        progress($"purchases: {Creators} creators each ask for a ritual and sell a pack of it at {Price} credits");
        var run = Guid.NewGuid().ToString("N")[..8];
        var packs = await Task.WhenAll(Enumerable.Range(0, Creators).Select(i => SellAsync(silo.Url, http, $"bench-creator-{run}-{i}", i, cancellationToken)));
        var buyers = await Task.WhenAll(Enumerable.Range(0, options.PurchaseBuyers).Select(async i =>
        {
            var id = $"bench-buyer-{run}-{i}";
            return new Buyer(id, await CatalogBench.TokenAsync(http, id, cancellationToken));
        }));

        progress($"purchases: {options.PurchaseBuyers:N0} buyers, {options.PurchaseConcurrency} in flight for {options.PurchaseHold.TotalSeconds:N0} s, {RepeatShare:P0} sent again with their key");
        var results = await BuyAsync(http, silo, buyers, packs, options, cancellationToken);
        progress($"purchases: {results.Rate:N0}/s, p99 {results.New.P99:N1} ms; checking every buyer and creator");
        var check = await CheckAsync(options.Postgres, buyers, packs, cancellationToken);
        return
        [
            new("purchases", "packs for sale", $"{Creators} packs by {Creators} creators, each a ritual asked for in a conversation, at {Price} credits"),
            new("purchases", $"purchases, {options.PurchaseConcurrency} in flight", $"{Latency(results.New)}; {results.New.Count / results.Seconds:N0} purchases/s; silo {results.Cores:N2} cores"),
            new("purchases", "the same purchase again (same key)", $"{Latency(results.Repeat)}; {results.Repeat.Count / results.Seconds:N0}/s"),
            new("purchases", "statuses", results.Statuses, "all 200", results.AllOk),
            new("purchases", "money moved once", check.Summary, "every buyer and creator exact", check.Exact),
        ];
    }

    private static string Latency(LatencyStats stats) =>
        string.Create(CultureInfo.InvariantCulture, $"p50 {stats.P50:N1} ms, p90 {stats.P90:N1} ms, p99 {stats.P99:N1} ms, max {stats.Max:N1} ms");

    private sealed record Buyer(string UserId, string Token)
    {
        /// <summary>Purchases answered 200 with a charge, by pack id.</summary>
        public ConcurrentDictionary<string, int> Charged { get; } = new(StringComparer.Ordinal);
    }

    private sealed record Pack(string PackId, string CreatorUserId);

    /// <summary>A creator asks for a ritual in a conversation, becomes a creator, and publishes a pack of it.</summary>
    private static async Task<Pack> SellAsync(Uri url, HttpClient http, string userId, int index, CancellationToken cancellationToken)
    {
        var token = await CatalogBench.TokenAsync(http, userId, cancellationToken);
        await using (var session = new BenchSession(url, new BenchStats()))
        {
            using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            patience.CancelAfter(RitualPatience);
            await session.ConnectAsync(token, untilListening: true, patience.Token);
            var (kind, topic) = RitualRequests.Capacity(index);
            await session.StartTurnAsync(
                JsonSerializer.Serialize(new Dictionary<string, object> { ["type"] = "ritual.request", ["kind"] = kind, ["topic"] = topic, ["duration_minutes"] = 1, ["confirm"] = true }),
                patience.Token);
            await session.WaitAsync(s => s.RitualsCreated > 0, "ritual.created", patience.Token);
            var ritual = session.LastRitualId!;
            await SendAsync(http, token, HttpMethod.Put, "/v1/me/creator", new { display_name = $"Bench creator {index}", bio = "" }, null, cancellationToken);
            var created = await SendAsync(http, token, HttpMethod.Post, "/v1/packs",
                new { title = $"{topic} ({index})", description = "A pack the bench sells.", ritual_ids = new[] { ritual }, price_credits = Price, tags = new[] { "bench" } }, null, cancellationToken);
            var pack = (string)JsonNode.Parse(created)!["pack_id"]!;
            await SendAsync(http, token, HttpMethod.Post, $"/v1/packs/{pack}/publish", null, null, cancellationToken);
            return new Pack(pack, userId);
        }
    }

    private sealed record Bought(LatencyStats New, LatencyStats Repeat, double Seconds, double Rate, double Cores, string Statuses, bool AllOk);

    /// <summary>
    /// Buyers in turn, each buying its <see cref="PacksPerBuyer"/> packs one after another (a new key each), some sent
    /// again with their key; runs for the hold or until every buyer has bought all theirs.
    /// </summary>
    private static async Task<Bought> BuyAsync(HttpClient http, SiloProcess silo, Buyer[] buyers, Pack[] packs, BenchOptions options, CancellationToken cancellationToken)
    {
        var fresh = BenchStats.Histogram();
        var repeat = BenchStats.Histogram();
        var statuses = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var next = -1;
        var cpu0 = silo.CpuSeconds();
        var clock = Stopwatch.StartNew();
        var deadline = Stopwatch.GetTimestamp() + (long)(options.PurchaseHold.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, options.PurchaseConcurrency).Select(_ => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < deadline && Interlocked.Increment(ref next) is var index && index < buyers.Length)
            {
                var buyer = buyers[index];
                for (var k = 0; k < PacksPerBuyer && Stopwatch.GetTimestamp() < deadline; k++)
                {
                    var pack = packs[(index + k) % packs.Length];
                    var key = Guid.NewGuid().ToString("N");
                    var (status, micros, charged) = await PurchaseAsync(http, buyer, pack, key, cancellationToken);
                    statuses.AddOrUpdate($"new {status}", 1, (_, n) => n + 1);
                    if (status == 200)
                    {
                        fresh.RecordValue(Math.Clamp(micros, 1, 600_000_000));
                        buyer.Charged[pack.PackId] = charged;
                    }

                    if (Random.Shared.NextDouble() < RepeatShare)
                    {
                        var (again, againMicros, againCharged) = await PurchaseAsync(http, buyer, pack, key, cancellationToken);
                        var same = again == 200 && againCharged == charged;
                        statuses.AddOrUpdate($"again {again}{(same || again != 200 ? "" : " (a different charge)")}", 1, (_, n) => n + 1);
                        if (again == 200)
                        {
                            repeat.RecordValue(Math.Clamp(againMicros, 1, 600_000_000));
                        }
                    }
                }
            }
        }, cancellationToken)).ToList();
        await Task.WhenAll(workers);
        var seconds = clock.Elapsed.TotalSeconds;
        var summary = string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value:N0}"));
        var allOk = statuses.Keys.All(k => k is "new 200" or "again 200");
        var newStats = LatencyStats.From(fresh);
        return new Bought(newStats, LatencyStats.From(repeat), seconds, newStats.Count / seconds, (silo.CpuSeconds() - cpu0) / seconds, summary, allOk);
    }

    private static async Task<(int Status, long Micros, int Charged)> PurchaseAsync(HttpClient http, Buyer buyer, Pack pack, string key, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/packs/{pack.PackId}/purchase");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", buyer.Token);
        request.Headers.Add("Idempotency-Key", key);
        var start = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var micros = (long)Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        var charged = response.IsSuccessStatusCode && JsonNode.Parse(body)?["credits_charged"] is { } c ? (int)c : -1;
        return ((int)response.StatusCode, micros, charged);
    }

    private sealed record Checked(string Summary, bool Exact);

    /// <summary>
    /// From the tables: each buyer owns exactly the packs whose purchase charged them, and their ledger holds one
    /// debit of the price per pack owned; each creator holds one reward per sale of their pack.
    /// </summary>
    private static async Task<Checked> CheckAsync(string postgres, Buyer[] buyers, Pack[] packs, CancellationToken cancellationToken)
    {
        await using var database = NpgsqlDataSource.Create(postgres);
        var owned = new Dictionary<string, long>(StringComparer.Ordinal);
        var debits = new Dictionary<string, (long Count, long Sum)>(StringComparer.Ordinal);
        var ids = buyers.Select(b => b.UserId).ToArray();
        await using (var query = database.CreateCommand("SELECT user_id, count(*) FROM waqup_pack_owners WHERE user_id = ANY($1) GROUP BY user_id"))
        {
            query.Parameters.AddWithValue(ids);
            await using var reader = await query.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                owned[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        await using (var query = database.CreateCommand(
            "SELECT user_id, count(*), sum(amount)::bigint FROM waqup_credit_ledger WHERE user_id = ANY($1) AND kind = 'pack_purchase' GROUP BY user_id"))
        {
            query.Parameters.AddWithValue(ids);
            await using var reader = await query.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                debits[reader.GetString(0)] = (reader.GetInt64(1), reader.GetInt64(2));
            }
        }

        var wrong = 0;
        long sales = 0;
        foreach (var buyer in buyers)
        {
            var paid = buyer.Charged.Count(c => c.Value == Price);
            sales += paid;
            var (count, sum) = debits.GetValueOrDefault(buyer.UserId);
            if (owned.GetValueOrDefault(buyer.UserId) != paid || count != paid || sum != -Price * paid)
            {
                wrong++;
            }
        }

        long rewards;
        await using (var query = database.CreateCommand("SELECT count(*) FROM waqup_credit_ledger WHERE user_id = ANY($1) AND kind = 'reward'"))
        {
            query.Parameters.AddWithValue(packs.Select(p => p.CreatorUserId).ToArray());
            rewards = (long)(await query.ExecuteScalarAsync(cancellationToken))!;
        }

        var summary = string.Create(
            CultureInfo.InvariantCulture,
            $"{buyers.Length - wrong:N0} of {buyers.Length:N0} buyers exact (owned packs = debits of {Price} = purchases answered with a charge: {sales:N0}); creators' reward entries {rewards:N0} for {sales:N0} sales");
        return new Checked(summary, wrong == 0 && rewards == sales);
    }

    private static async Task<string> SendAsync(HttpClient http, string token, HttpMethod method, string path, object? body, string? key, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.IsSuccessStatusCode ? text : throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {text}");
    }
}
