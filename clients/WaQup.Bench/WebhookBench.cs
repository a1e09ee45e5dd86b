using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using HdrHistogram;
using Npgsql;
using Stripe;
using WaQup.Grains.Billing;
using WaQup.Load;

namespace WaQup.Bench;

/// <summary>
/// The Stripe webhook (issue 16): signed <c>checkout.session.completed</c> events, delivered over HTTP at a fixed
/// number in flight to a silo whose payment events table already holds a million handled events; a share of them
/// delivered again. Latency of the endpoint (new and duplicate apart), events per second, every status, then proof
/// that money moved once: each user's balance and ledger against the events delivered for them.
/// </summary>
/// <remarks>
/// Where the time goes is read by comparing paths measured here, not by timing inside the product: a run of
/// duplicates only (signature, one statement, no grain), and the event table's own statements timed straight against
/// PostgreSQL at the same concurrency with the silo idle.
/// </remarks>
public static class WebhookBench
{
    /// <summary>Credits of the pack the events are for: the default <c>starter</c> pack.</summary>
    private const int PackCredits = 20;
    private const string PackId = "starter";
    private const int PackAmount = 499;
    private const double DuplicateShare = 0.2;
    private const double TargetP99Ms = 50;

    /// <summary>The steady arrival rate, as a share of the saturated throughput measured in the same run.</summary>
    private const double SteadyShare = 0.5;

    public static async Task<IReadOnlyList<BenchRow>> RunAsync(BenchOptions options, Action<string> progress, CancellationToken cancellationToken)
    {
        var secret = "whsec_bench" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var environment = new Dictionary<string, string>
        {
            // A dummy key: the webhook never calls Stripe; the secret is what deliveries are signed with.
            ["STRIPE_SECRET_KEY"] = "sk_test_bench_not_a_key",
            ["STRIPE_WEBHOOK_SECRET"] = secret,
        };
        await using var silo = await SiloProcess.StartAsync(options, new Dictionary<string, string>(), cancellationToken, environment);
        await using var database = NpgsqlDataSource.Create(options.Postgres);
        var fill = await FillAsync(database, options.WebhookRecorded, progress, cancellationToken);

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.WebhookConcurrency * 2, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = silo.Url,
            Timeout = TimeSpan.FromSeconds(30),
        };
        var run = new Deliveries(secret, options.WebhookUsers);
        progress($"webhooks: warm-up {options.Warmup.TotalSeconds:N0} s at {options.WebhookConcurrency} in flight");
        var inFlight = options.WebhookConcurrency;
        await DeliverAsync(http, run, inFlight, options.Warmup, DuplicateShare, silo, cancellationToken);
        progress($"webhooks: measuring {options.WebhookHold.TotalSeconds:N0} s, {DuplicateShare:P0} of deliveries re-sent");
        var mixed = await DeliverAsync(http, run, inFlight, options.WebhookHold, DuplicateShare, silo, cancellationToken);
        // The saturated rate is what the endpoint can take; latency there is the queue that many in flight make. Latency
        // is measured where Stripe's deliveries put it: arriving as they come, at half what the endpoint can take.
        var steadyRate = Math.Round(mixed.Rate * SteadyShare);
        progress($"webhooks: {mixed.Rate:N0}/s, p99 new {mixed.New.P99:N1} ms, duplicate {mixed.Duplicate.P99:N1} ms; now arriving steadily at {steadyRate:N0}/s");
        var steady = await PacedAsync(http, run, steadyRate, options.WebhookHold, DuplicateShare, silo, cancellationToken);
        progress($"webhooks: steady {steady.Rate:N0}/s, p99 new {steady.New.P99:N1} ms, duplicate {steady.Duplicate.P99:N1} ms; now duplicates only");
        var duplicates = await DeliverAsync(http, run, inFlight, options.WebhookHold / 4, 1.0, silo, cancellationToken);
        // As many in flight as the silo has payment event grain activations ([StatelessWorker] makes one per core by
        // default, each taking one call at a time): a delivery's own time, without waiting for one of them.
        var few = Environment.ProcessorCount;
        progress($"webhooks: duplicates only {duplicates.Rate:N0}/s, p99 {duplicates.Duplicate.P99:N1} ms; now new events only, {few} in flight");
        var unqueued = await DeliverAsync(http, run, few, options.WebhookHold / 4, 0, silo, cancellationToken);
        progress($"webhooks: new only at {few} in flight {unqueued.Rate:N0}/s, p99 {unqueued.New.P99:N1} ms; checking every user's credits");
        var check = await CheckAsync(http, database, run, options, cancellationToken);
        progress($"webhooks: {check.Summary}; timing the event table's statements straight against PostgreSQL");
        var sqlNew = await StatementsAsync(database, options, inFlight, fresh: true, cancellationToken);
        var sqlHandled = await StatementsAsync(database, options, inFlight, fresh: false, cancellationToken);
        var sqlOne = await StatementsAsync(database, options, 1, fresh: true, cancellationToken);

        var statuses = run.StatusSummary();
        return
        [
            new("webhooks", "recorded events before the run", fill.Summary),
            new("webhooks", $"steady arrivals at {steadyRate:N0}/s (half the saturated rate), all deliveries", $"{Latency(steady.All)} ({steady.All.Count:N0} in {steady.Seconds:N0} s; silo {steady.SiloCores:N2} cores)", $"p99 < {TargetP99Ms:N0} ms", steady.All.P99 < TargetP99Ms),
            new("webhooks", "steady arrivals: new events", $"{Latency(steady.New)}; {steady.New.Count / steady.Seconds:N0} events/s", $"p99 < {TargetP99Ms:N0} ms", steady.New.P99 < TargetP99Ms),
            new("webhooks", "steady arrivals: duplicate deliveries", $"{Latency(steady.Duplicate)}; {steady.Duplicate.Count / steady.Seconds:N0}/s", $"p99 < {TargetP99Ms:N0} ms", steady.Duplicate.P99 < TargetP99Ms),
            new("webhooks", "saturated throughput", $"{mixed.Rate:N0} deliveries/s at {options.WebhookConcurrency} in flight, {options.WebhookUsers:N0} users; silo {mixed.SiloCores:N2} cores, load generator {mixed.BenchCores:N2}"),
            new("webhooks", $"saturated: new events ({options.WebhookConcurrency} in flight: the queue they make)", $"{Latency(mixed.New)}; {mixed.New.Count / mixed.Seconds:N0} events/s"),
            new("webhooks", "saturated: duplicate deliveries", $"{Latency(mixed.Duplicate)}; {mixed.Duplicate.Count / mixed.Seconds:N0}/s"),
            new("webhooks", "duplicates only", $"{Latency(duplicates.Duplicate)}; {duplicates.Rate:N0}/s; silo {duplicates.SiloCores:N2} cores"),
            new("webhooks", $"new events only, {few} in flight", $"{Latency(unqueued.New)}; {unqueued.Rate:N0} events/s; silo {unqueued.SiloCores:N2} cores"),
            new("webhooks", "event table straight (new: record + mark handled)", $"{Latency(sqlNew.Latency)}; {sqlNew.Rate:N0}/s at {inFlight} in flight, silo idle"),
            new("webhooks", "event table straight (handled id: record)", $"{Latency(sqlHandled.Latency)}; {sqlHandled.Rate:N0}/s at {inFlight} in flight"),
            new("webhooks", "event table straight (new), 1 in flight", $"{Latency(sqlOne.Latency)}; {sqlOne.Rate:N0}/s"),
            new("webhooks", "statuses", statuses, "all 200", run.AllOk),
            new("webhooks", "money moved once", check.Summary, "every user exact", check.Exact),
        ];
    }

    private static string Latency(LatencyStats stats) =>
        string.Create(CultureInfo.InvariantCulture, $"p50 {stats.P50:N1} ms, p90 {stats.P90:N1} ms, p99 {stats.P99:N1} ms, max {stats.Max:N1} ms");

    /// <summary>The id of the <paramref name="n"/>th event the fill recorded: Stripe's shape, spread over the key space.</summary>
    private static string RecordedId(long n) =>
        "evt_1" + Convert.ToHexStringLower(MD5.HashData(Encoding.ASCII.GetBytes(n.ToString(CultureInfo.InvariantCulture))))[..24];

    private sealed record Fill(string Summary);

    /// <summary>Fills the events table with handled events in one statement, then ANALYZE and a checkpoint.</summary>
    private static async Task<Fill> FillAsync(NpgsqlDataSource database, int count, Action<string> progress, CancellationToken cancellationToken)
    {
        progress($"webhooks: recording {count:N0} handled events in waqup_payment_events");
        var clock = Stopwatch.StartNew();
        await using (var insert = database.CreateCommand(
            """
            INSERT INTO waqup_payment_events (event_id, type, created, received_at, handled_at, outcome, user_id)
            SELECT 'evt_1' || substr(md5(i::text), 1, 24), 'checkout.session.completed', at, at + interval '2 seconds',
                   at + interval '2.05 seconds', 'applied', 'bench-past-' || (i % 50000)
            FROM generate_series(1, $1) AS i, LATERAL (SELECT now() - interval '400 days' + i * interval '31 seconds' AS at) AS t
            ON CONFLICT (event_id) DO NOTHING
            """))
        {
            insert.CommandTimeout = 0;
            insert.Parameters.AddWithValue(count);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        var filled = clock.Elapsed;
        await Execute(database, "ANALYZE waqup_payment_events", cancellationToken);
        var analyzed = clock.Elapsed - filled;
        // The fill's dirty pages are written now, not by a checkpoint in the middle of the measurement.
        await Execute(database, "CHECKPOINT", cancellationToken);
        var checkpoint = clock.Elapsed - filled - analyzed;
        await using var size = database.CreateCommand(
            "SELECT count(*), pg_relation_size('waqup_payment_events'), pg_indexes_size('waqup_payment_events') FROM waqup_payment_events");
        await using var reader = await size.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (rows, table, indexes) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        var summary = string.Create(
            CultureInfo.InvariantCulture,
            $"{rows:N0} rows, inserted in {filled.TotalSeconds:N1} s (one INSERT … SELECT generate_series), ANALYZE {analyzed.TotalSeconds:N1} s, CHECKPOINT {checkpoint.TotalSeconds:N1} s; table {table / 1048576.0:N0} MB, indexes {indexes / 1048576.0:N0} MB");
        progress($"webhooks: {summary}");
        return new Fill(summary);
    }

    private static async Task Execute(NpgsqlDataSource database, string sql, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(sql);
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed record Measured(LatencyStats New, LatencyStats Duplicate, LatencyStats All, double Seconds, double Rate, double SiloCores, double BenchCores);

    /// <summary>Deliveries at a fixed number in flight for <paramref name="hold"/>; a share of them re-sent ids already answered.</summary>
    private static async Task<Measured> DeliverAsync(
        HttpClient http, Deliveries run, int inFlight, TimeSpan hold, double duplicateShare, SiloProcess silo, CancellationToken cancellationToken)
    {
        var tally = new Tally(silo);
        var deadline = Stopwatch.GetTimestamp() + (long)(hold.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, inFlight).Select(_ => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < deadline)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var again = Random.Shared.NextDouble() < duplicateShare ? run.PickDelivered() : null;
                var sent = again ?? run.NewEvent();
                tally.Add(again is not null, await SendAsync(http, run, sent, again is not null, cancellationToken));
            }
        }, cancellationToken)).ToList();
        await Task.WhenAll(workers);
        return tally.Measured();
    }

    /// <summary>
    /// Deliveries arriving at a steady <paramref name="rate"/> per second for <paramref name="hold"/>, as Stripe sends
    /// events as they happen: each is sent when it is due, whatever is still in flight, and timed from then.
    /// </summary>
    private static async Task<Measured> PacedAsync(
        HttpClient http, Deliveries run, double rate, TimeSpan hold, double duplicateShare, SiloProcess silo, CancellationToken cancellationToken)
    {
        var tally = new Tally(silo);
        var interval = Stopwatch.Frequency / rate;
        var total = (long)(rate * hold.TotalSeconds);
        var sending = new List<Task>();
        var origin = Stopwatch.GetTimestamp();
        for (long sent = 0; sent < total;)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var now = Stopwatch.GetTimestamp();
            for (; sent < total && origin + (long)(sent * interval) <= now; sent++)
            {
                var due = origin + (long)(sent * interval);
                var again = Random.Shared.NextDouble() < duplicateShare ? run.PickDelivered() : null;
                var delivery = again ?? run.NewEvent();
                sending.Add(Task.Run(async () => tally.Add(again is not null, await SendAsync(http, run, delivery, again is not null, cancellationToken, due)), cancellationToken));
            }

            await Task.Delay(1, cancellationToken);
        }

        await Task.WhenAll(sending);
        return tally.Measured();
    }

    /// <summary>What one phase's deliveries took, new and re-sent apart, and the processor time it cost.</summary>
    private sealed class Tally(SiloProcess silo)
    {
        private readonly LongConcurrentHistogram _fresh = BenchStats.Histogram();
        private readonly LongConcurrentHistogram _duplicate = BenchStats.Histogram();
        private readonly LongConcurrentHistogram _all = BenchStats.Histogram();
        private readonly double _silo0 = silo.CpuSeconds();
        private readonly double _bench0 = ProcessCpu.Seconds();
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private long _count;

        public void Add(bool again, (int? Status, long Micros) answer)
        {
            if (answer.Status is null)
            {
                return;
            }

            var value = Math.Clamp(answer.Micros, 1, 600_000_000);
            (again ? _duplicate : _fresh).RecordValue(value);
            _all.RecordValue(value);
            Interlocked.Increment(ref _count);
        }

        public Measured Measured()
        {
            var seconds = _clock.Elapsed.TotalSeconds;
            return new Measured(
                LatencyStats.From(_fresh),
                LatencyStats.From(_duplicate),
                LatencyStats.From(_all),
                seconds,
                Interlocked.Read(ref _count) / seconds,
                (silo.CpuSeconds() - _silo0) / seconds,
                (ProcessCpu.Seconds() - _bench0) / seconds);
        }
    }

    /// <summary>
    /// One signed delivery; its status (null when it did not complete) and its time in microseconds, from
    /// <paramref name="due"/> (a <see cref="Stopwatch"/> timestamp) when given: the moment a paced delivery was due, so
    /// that a late start counts against the endpoint rather than hiding (coordinated omission).
    /// </summary>
    private static async Task<(int? Status, long Micros)> SendAsync(HttpClient http, Deliveries run, Sent sent, bool again, CancellationToken cancellationToken, long? due = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/billing/webhook")
        {
            Content = new StringContent(sent.Body, new UTF8Encoding(false), new MediaTypeHeaderValue("application/json")),
        };
        // Signed at the moment of sending, as Stripe signs each attempt.
        request.Headers.TryAddWithoutValidation("Stripe-Signature", run.Sign(sent.Body));
        var start = due ?? Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var answer = await response.Content.ReadAsStringAsync(cancellationToken);
            var micros = (long)Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            var status = (int)response.StatusCode;
            var expected = again ? "\"already_handled\"" : "\"applied\"";
            var outcome = status == 200 && !answer.Contains(expected, StringComparison.Ordinal) ? " (unexpected outcome)" : "";
            run.Answered(sent, again, $"{(again ? "duplicate" : "new")} {status}{outcome}", status == 200 && outcome.Length == 0);
            return (status, micros);
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            run.Answered(sent, again, $"{(again ? "duplicate" : "new")} {error.GetType().Name}", ok: false);
            return (null, 0);
        }
    }

    private sealed record Checked(string Summary, bool Exact);

    /// <summary>
    /// Each user's balance (<c>GET /v1/me</c>, dev token) against the welcome grant plus 20 credits per distinct event
    /// answered 200 for them, and their purchase entries in the ledger table against the same count.
    /// </summary>
    private static async Task<Checked> CheckAsync(HttpClient http, NpgsqlDataSource database, Deliveries run, BenchOptions options, CancellationToken cancellationToken)
    {
        var balances = new ConcurrentDictionary<int, int>();
        await Parallel.ForEachAsync(Enumerable.Range(0, run.Users), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (user, token) =>
        {
            using var issued = await http.PostAsJsonAsync("/v1/auth/dev-token", new { user_id = run.UserId(user) }, token);
            issued.EnsureSuccessStatusCode();
            var access = (string?)(await issued.Content.ReadFromJsonAsync<JsonObject>(token))?["access_token"];
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/me");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", access);
            using var me = await http.SendAsync(request, token);
            me.EnsureSuccessStatusCode();
            var body = await me.Content.ReadFromJsonAsync<JsonObject>(token);
            balances[user] = (int)body!["credits"]!["balance"]!;
        });

        var ledger = new Dictionary<string, (long Purchases, long Credited, long Welcome)>();
        await using (var command = database.CreateCommand(
            """
            SELECT user_id,
                   count(*) FILTER (WHERE kind = 'purchase'),
                   coalesce(sum(amount) FILTER (WHERE kind = 'purchase'), 0),
                   coalesce(sum(amount) FILTER (WHERE kind <> 'purchase'), 0)
            FROM waqup_credit_ledger WHERE user_id LIKE $1 GROUP BY user_id
            """))
        {
            command.Parameters.AddWithValue(run.UserPrefix + "%");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                ledger[reader.GetString(0)] = (reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
            }
        }

        int exact = 0, wrong = 0, uncertainUsers = 0;
        long events = 0, purchases = 0;
        var examples = new List<string>();
        for (var user = 0; user < run.Users; user++)
        {
            var (applied, uncertain) = run.Delivered(user);
            events += applied;
            var (bought, credited, welcome) = ledger.GetValueOrDefault(run.UserId(user));
            purchases += bought;
            var balance = balances.GetValueOrDefault(user, -1);
            bool Holds(int n) => bought == n && credited == n * PackCredits && balance == welcome + (n * PackCredits);
            if (Holds(applied))
            {
                exact++;
            }
            else if (uncertain > 0 && Enumerable.Range(applied, uncertain + 1).Any(Holds))
            {
                // A delivery that did not complete may or may not have been applied; once, if at all.
                uncertainUsers++;
            }
            else
            {
                wrong++;
                if (examples.Count < 3)
                {
                    examples.Add($"{run.UserId(user)}: {applied} events, ledger {bought} purchases {credited} credits, balance {balance} (welcome {welcome})");
                }
            }
        }

        var summary = $"{exact:N0} of {run.Users:N0} users exact: balance = welcome grant + {PackCredits} × distinct events answered 200 ({events:N0}), ledger {purchases:N0} purchase entries"
            + (uncertainUsers > 0 ? $"; {uncertainUsers} with a delivery that did not complete, applied at most once" : "")
            + (wrong > 0 ? $"; **{wrong} wrong**: {string.Join("; ", examples)}" : "");
        return new Checked(summary, wrong == 0 && uncertainUsers == 0);
    }

    private sealed record Straight(LatencyStats Latency, double Rate);

    /// <summary>
    /// The event table's statements straight against PostgreSQL at the same concurrency, the silo idle: for a new id
    /// the record then the mark, as a new event pays them; for a handled id from the fill, the record alone.
    /// </summary>
    private static async Task<Straight> StatementsAsync(NpgsqlDataSource database, BenchOptions options, int inFlight, bool fresh, CancellationToken cancellationToken)
    {
        var histogram = BenchStats.Histogram();
        long count = 0;
        var hold = options.WebhookHold / 8;
        var clock = Stopwatch.StartNew();
        var deadline = Stopwatch.GetTimestamp() + (long)(hold.TotalSeconds * Stopwatch.Frequency);
        // The product's own statements, through the class the payment event grain uses.
        var records = new PostgresPaymentRecords(database);
        var workers = Enumerable.Range(0, inFlight).Select(_ => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var id = fresh ? "evt_1sql" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)) : RecordedId(Random.Shared.NextInt64(1, options.WebhookRecorded + 1));
                var start = Stopwatch.GetTimestamp();
                await records.RecordAsync(id, "checkout.session.completed", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, cancellationToken);
                if (fresh)
                {
                    await records.MarkHandledAsync(id, "applied", "bench-sql", DateTimeOffset.UtcNow, cancellationToken);
                }

                BenchStats.RecordElapsed(histogram, start, Stopwatch.GetTimestamp());
                Interlocked.Increment(ref count);
            }
        }, cancellationToken)).ToList();
        await Task.WhenAll(workers);
        return new Straight(LatencyStats.From(histogram), count / clock.Elapsed.TotalSeconds);
    }

    /// <summary>One event as it is sent, every time it is sent: the same body, so the same id.</summary>
    private sealed record Sent(string EventId, int User, string Body);

    /// <summary>The events of one run: made, signed, delivered, answered; what each user is owed.</summary>
    private sealed class Deliveries(string secret, int users)
    {
        private readonly string _run = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        private readonly byte[] _key = Encoding.UTF8.GetBytes(secret);
        private readonly List<Sent> _answered = [];
        private readonly int[] _applied = new int[users];
        private readonly int[] _uncertain = new int[users];
        private readonly ConcurrentDictionary<string, long> _statuses = new();
        private long _made;
        private long _failed;

        public int Users => users;

        public string UserPrefix => $"bench-wh-{_run}-";

        public bool AllOk => Interlocked.Read(ref _failed) == 0;

        public string UserId(int user) => $"{UserPrefix}{user}";

        public (int Applied, int Uncertain) Delivered(int user) => (Volatile.Read(ref _applied[user]), Volatile.Read(ref _uncertain[user]));

        /// <summary>An event answered 200 before, to send again; null before any was.</summary>
        public Sent? PickDelivered()
        {
            lock (_answered)
            {
                return _answered.Count == 0 ? null : _answered[Random.Shared.Next(_answered.Count)];
            }
        }

        public Sent NewEvent()
        {
            var n = Interlocked.Increment(ref _made);
            var user = (int)(n % users);
            var eventId = "evt_1" + Token(23);
            var sessionId = "cs_test_" + Token(58);
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            var userId = UserId(user);
            var session = new JsonObject
            {
                ["id"] = sessionId,
                ["object"] = "checkout.session",
                ["allow_promotion_codes"] = null,
                ["amount_subtotal"] = PackAmount,
                ["amount_total"] = PackAmount,
                ["billing_address_collection"] = null,
                ["cancel_url"] = "http://127.0.0.1/credits?checkout=cancelled",
                ["client_reference_id"] = userId,
                ["client_secret"] = null,
                ["created"] = now - 30,
                ["currency"] = "usd",
                ["customer"] = $"cus_bench{_run}{user}",
                ["customer_creation"] = null,
                ["customer_details"] = new JsonObject
                {
                    ["address"] = null,
                    ["email"] = "buyer@example.com",
                    ["name"] = null,
                    ["phone"] = null,
                    ["tax_exempt"] = "none",
                    ["tax_ids"] = new JsonArray(),
                },
                ["customer_email"] = null,
                ["expires_at"] = now + (24 * 3600),
                ["invoice"] = null,
                ["livemode"] = false,
                ["locale"] = null,
                ["metadata"] = new JsonObject { ["user_id"] = userId, ["pack_id"] = PackId, ["credits"] = PackCredits.ToString(CultureInfo.InvariantCulture) },
                ["mode"] = "payment",
                ["payment_intent"] = "pi_" + Token(24),
                ["payment_link"] = null,
                ["payment_method_collection"] = null,
                ["payment_method_types"] = new JsonArray("card"),
                ["payment_status"] = "paid",
                ["setup_intent"] = null,
                ["status"] = "complete",
                ["submit_type"] = null,
                ["subscription"] = null,
                ["success_url"] = "http://127.0.0.1/credits?checkout=success&session_id={CHECKOUT_SESSION_ID}",
                ["total_details"] = new JsonObject { ["amount_discount"] = 0, ["amount_shipping"] = 0, ["amount_tax"] = 0 },
                ["ui_mode"] = "hosted",
                ["url"] = null,
            };
            var envelope = new JsonObject
            {
                ["id"] = eventId,
                ["object"] = "event",
                ["api_version"] = StripeConfiguration.ApiVersion,
                ["created"] = now,
                ["data"] = new JsonObject { ["object"] = session },
                ["livemode"] = false,
                ["pending_webhooks"] = 1,
                ["request"] = new JsonObject { ["id"] = null, ["idempotency_key"] = null },
                ["type"] = "checkout.session.completed",
            };
            return new Sent(eventId, user, envelope.ToJsonString());
        }

        /// <summary>Stripe's header: <c>t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "t.body" with the secret&gt;</c>.</summary>
        public string Sign(string body)
        {
            var t = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            var mac = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{t}.{body}"));
            return $"t={t},v1={Convert.ToHexStringLower(mac)}";
        }

        public void Answered(Sent sent, bool again, string status, bool ok)
        {
            _statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
            if (!ok)
            {
                Interlocked.Increment(ref _failed);
            }

            if (again)
            {
                return;
            }

            if (ok)
            {
                Interlocked.Increment(ref _applied[sent.User]);
                lock (_answered)
                {
                    _answered.Add(sent);
                }
            }
            else
            {
                Interlocked.Increment(ref _uncertain[sent.User]);
            }
        }

        public string StatusSummary() =>
            string.Join(", ", _statuses.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}: {s.Value:N0}")) + " (warm-up and duplicates-only run included)";

        private static string Token(int length)
        {
            const string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
            return string.Create(length, 0, (span, _) =>
            {
                for (var i = 0; i < span.Length; i++)
                {
                    span[i] = alphabet[Random.Shared.Next(alphabet.Length)];
                }
            });
        }
    }
}
