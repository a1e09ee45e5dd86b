namespace WaQup.Bench;

/// <summary>Command line of the benchmark suite; `--quick` scales every benchmark down for a smoke run.</summary>
public sealed record BenchOptions
{
    public static readonly string[] AllBenchmarks = ["density", "streaming", "overhead", "events", "recognition", "voices", "webhooks", "catalog"];

    /// <summary>What runs without <c>--only</c>: all but the voices benchmark, which takes another quarter of an hour.</summary>
    public static readonly string[] DefaultBenchmarks = ["density", "streaming", "overhead", "events", "recognition"];

    /// <summary>The benchmarks whose rows go in the report's main block; the voices benchmark has a block of its own.</summary>
    public static readonly string[] MainBenchmarks = DefaultBenchmarks;

    public required string SiloDll { get; init; }

    public required string Postgres { get; init; }

    public string? OutputPath { get; init; }

    public string? MicroSummaryPath { get; init; }

    public IReadOnlySet<string> Only { get; init; } = new HashSet<string>(DefaultBenchmarks);

    public int IdleSessions { get; init; } = 10_000;

    public int StreamingSessions { get; init; } = 1_000;

    public IReadOnlyList<int> ActiveSessions { get; init; } = [100, 1_000];

    public int EventSessions { get; init; } = 200;

    public TimeSpan Hold { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Sessions of the recognition benchmark that talk at once.</summary>
    public int RecognitionSessions { get; init; } = 100;

    /// <summary>Sentences each of them says.</summary>
    public int RecognitionRounds { get; init; } = 3;

    /// <summary>How many of the domain sentences the recognition benchmark uses (and an eighth as many free ones); all when null.</summary>
    public int? RecognitionTakes { get; init; }

    /// <summary>Rounds of the voices' synthesis speed, each saying <see cref="VoiceSentences"/> sentences.</summary>
    public int VoiceRounds { get; init; } = 5;

    public int VoiceSentences { get; init; } = 24;

    /// <summary>Rituals each voice makes for the intelligibility measure.</summary>
    public int VoiceRituals { get; init; } = 3;

    /// <summary>The most rituals at once the capacity search tries.</summary>
    public int VoiceMaxSessions { get; init; } = 256;

    /// <summary>Handled events in the payment events table before the webhooks benchmark delivers any.</summary>
    public int WebhookRecorded { get; init; } = 1_000_000;

    /// <summary>Webhook deliveries in flight at once.</summary>
    public int WebhookConcurrency { get; init; } = 32;

    /// <summary>Users the webhooks benchmark's events are for (each a billing and a credit grain).</summary>
    public int WebhookUsers { get; init; } = 1_000;

    /// <summary>How long the webhooks benchmark measures its mix of new and re-sent events.</summary>
    public TimeSpan WebhookHold { get; init; } = TimeSpan.FromSeconds(40);

    /// <summary>Published packs in the catalog before the catalog benchmark searches it.</summary>
    public int CatalogPacks { get; init; } = 100_000;

    /// <summary>Searches in flight at once.</summary>
    public int CatalogConcurrency { get; init; } = 4;

    /// <summary>How long the catalog benchmark measures its mix of searches.</summary>
    public TimeSpan CatalogHold { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Listeners who buy packs in the purchase part of the catalog benchmark, each buying five.</summary>
    public int PurchaseBuyers { get; init; } = 3_000;

    /// <summary>Purchases in flight at once.</summary>
    public int PurchaseConcurrency { get; init; } = 16;

    /// <summary>How long purchases are measured (or until every buyer has bought theirs).</summary>
    public TimeSpan PurchaseHold { get; init; } = TimeSpan.FromSeconds(30);

    public int ConnectConcurrency { get; init; } = 200;

    /// <summary>
    /// How long a system runs under load before it is measured: tiered JIT recompiles the hot paths during the first
    /// tens of seconds (seen in a perf profile as 14% of the silo's CPU in libclrjit 18 s after start).
    /// </summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(20);

    public bool Quick { get; init; }

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        string? silo = Environment.GetEnvironmentVariable("WAQUP_BENCH_SILO");
        string? postgres = Environment.GetEnvironmentVariable("WAQUP_BENCH_POSTGRES");
        string? output = null, micro = null, only = null;
        int? idle = null, streaming = null, events = null, hold = null, speakers = null, rounds = null, takes = null;
        int? voiceRounds = null, voiceRituals = null, voiceMax = null;
        int? webhookRecorded = null, webhookConcurrency = null, webhookUsers = null, webhookHold = null;
        int? catalogPacks = null, catalogConcurrency = null, catalogHold = null;
        List<int>? active = null;
        var quick = false;
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Number() => int.TryParse(Value(), out var n) && n > 0 ? n : throw new ArgumentException($"{args[i - 1]} needs a positive number");
            switch (args[i])
            {
                case "--silo": silo = Value(); break;
                case "--postgres": postgres = Value(); break;
                case "--out": output = Value(); break;
                case "--micro": micro = Value(); break;
                case "--only": only = Value(); break;
                case "--idle": idle = Number(); break;
                case "--streaming": streaming = Number(); break;
                case "--events-sessions": events = Number(); break;
                case "--hold": hold = Number(); break;
                case "--recognition-sessions": speakers = Number(); break;
                case "--recognition-rounds": rounds = Number(); break;
                case "--recognition-takes": takes = Number(); break;
                case "--voice-rounds": voiceRounds = Number(); break;
                case "--voice-rituals": voiceRituals = Number(); break;
                case "--voice-max": voiceMax = Number(); break;
                case "--webhook-recorded": webhookRecorded = Number(); break;
                case "--webhook-concurrency": webhookConcurrency = Number(); break;
                case "--webhook-users": webhookUsers = Number(); break;
                case "--webhook-hold": webhookHold = Number(); break;
                case "--catalog-packs": catalogPacks = Number(); break;
                case "--catalog-concurrency": catalogConcurrency = Number(); break;
                case "--catalog-hold": catalogHold = Number(); break;
                case "--active": active = [.. Value().Split(',').Select(n => int.TryParse(n, out var v) && v > 0 ? v : throw new ArgumentException("--active takes numbers such as 100,1000"))]; break;
                case "--quick": quick = true; break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }

        var chosen = only?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? DefaultBenchmarks;
        if (chosen.FirstOrDefault(b => !AllBenchmarks.Contains(b)) is { } unknown)
        {
            throw new ArgumentException($"unknown benchmark '{unknown}'; choose from {string.Join(", ", AllBenchmarks)}");
        }

        return new BenchOptions
        {
            SiloDll = silo ?? throw new ArgumentException("--silo (or WAQUP_BENCH_SILO) must name WaQup.Silo.dll"),
            Postgres = postgres ?? throw new ArgumentException("--postgres (or WAQUP_BENCH_POSTGRES) must give a PostgreSQL connection string"),
            OutputPath = output,
            MicroSummaryPath = micro,
            Only = new HashSet<string>(chosen),
            Quick = quick,
            IdleSessions = idle ?? (quick ? 1_000 : 10_000),
            StreamingSessions = streaming ?? (quick ? 100 : 1_000),
            ActiveSessions = active ?? (quick ? [20, 100] : [100, 1_000]),
            EventSessions = events ?? (quick ? 50 : 200),
            Hold = TimeSpan.FromSeconds(hold ?? (quick ? 10 : 30)),
            RecognitionSessions = speakers ?? (quick ? 20 : 100),
            RecognitionRounds = rounds ?? (quick ? 2 : 3),
            RecognitionTakes = takes ?? (quick ? 16 : null),
            VoiceRounds = voiceRounds ?? (quick ? 3 : 5),
            VoiceSentences = quick ? 12 : 24,
            VoiceRituals = Math.Min(voiceRituals ?? (quick ? 1 : 3), RitualRequests.Intelligibility.Count),
            VoiceMaxSessions = voiceMax ?? (quick ? 32 : 256),
            WebhookRecorded = webhookRecorded ?? (quick ? 100_000 : 1_000_000),
            WebhookConcurrency = webhookConcurrency ?? 32,
            WebhookUsers = webhookUsers ?? (quick ? 100 : 1_000),
            WebhookHold = TimeSpan.FromSeconds(webhookHold ?? (quick ? 8 : 40)),
            CatalogPacks = catalogPacks ?? (quick ? 10_000 : 100_000),
            CatalogConcurrency = catalogConcurrency ?? 4,
            CatalogHold = TimeSpan.FromSeconds(catalogHold ?? (quick ? 8 : 30)),
            PurchaseBuyers = quick ? 300 : 3_000,
            PurchaseHold = TimeSpan.FromSeconds(quick ? 8 : 30),
            Warmup = TimeSpan.FromSeconds(quick ? 5 : 20),
        };
    }
}
