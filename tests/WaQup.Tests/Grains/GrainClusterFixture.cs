using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;
using WaQup.Grains.Admission;
using WaQup.Grains.Configuration;
using WaQup.Grains.Credits;
using WaQup.Grains.Rituals;
using WaQup.Grains.Sessions;
using WaQup.Grains.Sessions.Production;
using WaQup.Grains.Telemetry;
using WaQup.Providers.Blobs;
using WaQup.Providers.Content;
using WaQup.Providers.Speech;
using WaQup.Silo.Hosting;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Grains;

/// <summary>A TestingHost cluster whose grain storage and reminders live in the real PostgreSQL.</summary>
public class GrainClusterFixture : IAsyncLifetime
{
    /// <summary>When set, speech breaks down after this many sentences (see <see cref="FailingSpeech"/>).</summary>
    protected virtual int? SpeechFailsAfter => null;

    /// <summary>When set, the session's settings for pacing and the library copy (see <see cref="StalledEncoderClusterFixture"/>).</summary>
    protected virtual (double PaceFactor, int RecordingBacklogMs, int EncoderThreads)? Recording => null;

    /// <summary>When set, each sentence of speech takes this long to begin (see <see cref="SlowSpeech"/>).</summary>
    protected virtual TimeSpan? SpeechDelay => null;

    /// <summary>When set, the lease a ritual's reservation is held for and renewed by.</summary>
    protected virtual TimeSpan? ReservationLease => null;

    /// <summary>How long a conversational turn's write may wait (<c>Conversation:TurnWriteDelay</c>); null for the default.</summary>
    protected virtual TimeSpan? TurnWriteDelay => null;

    /// <summary>When set, the name of a <see cref="HeldBlobStore"/> that holds every save until the test releases it.</summary>
    protected virtual string? HeldSaves => null;

    /// <summary>When true, grain storage, the ledger table and the ritual catalog fail on demand (see <see cref="FaultyStoresClusterFixture"/>).</summary>
    protected virtual bool FaultyStores => false;

    public TestCluster Cluster { get; private set; } = null!;

    /// <summary>The cluster's database, for reading what it stores without calling a grain.</summary>
    public string ConnectionString { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var connectionString = ConnectionString = await TestDatabase.CreateAsync();
        var builder = new TestClusterBuilder(initialSilosCount: 1);
        builder.Properties["ConnectionStrings:Postgres"] = connectionString;
        builder.Properties["Blobs:Root"] = Directory.CreateTempSubdirectory("waqup-grain-blobs-").FullName;
        if (SpeechFailsAfter is { } sentences)
        {
            builder.Properties["Test:SpeechFailsAfter"] = sentences.ToString();
        }

        if (Recording is { } recording)
        {
            builder.Properties["Test:PaceFactor"] = recording.PaceFactor.ToString(System.Globalization.CultureInfo.InvariantCulture);
            builder.Properties["Test:RecordingBacklogMs"] = recording.RecordingBacklogMs.ToString();
            builder.Properties["Test:EncoderThreads"] = recording.EncoderThreads.ToString();
        }

        if (SpeechDelay is { } delay)
        {
            builder.Properties["Test:SpeechDelay"] = delay.ToString("c");
        }

        if (ReservationLease is { } lease)
        {
            builder.Properties["Test:ReservationLease"] = lease.ToString("c");
        }

        if (TurnWriteDelay is { } turnWrite)
        {
            builder.Properties["Test:TurnWriteDelay"] = turnWrite.ToString("c");
        }

        if (HeldSaves is { } held)
        {
            builder.Properties["Test:HeldSaves"] = held;
        }

        if (FaultyStores)
        {
            builder.Properties["Test:FaultyStores"] = "true";
        }

        builder.AddSiloBuilderConfigurator<PostgresSilo>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync() => await Cluster.StopAllSilosAsync();

    /// <summary>The same persistence, reminders and providers as the real silo.</summary>
    public sealed class PostgresSilo : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var connectionString = siloBuilder.Configuration.GetConnectionString("Postgres")!;
            var faulty = siloBuilder.Configuration.GetValue("Test:FaultyStores", false);
            var storageName = faulty ? FaultyGrainStorage.RealName : "waqup";
            siloBuilder.AddAdoNetGrainStorage(storageName, options =>
            {
                options.Invariant = "Npgsql";
                options.ConnectionString = connectionString;
            });
            siloBuilder.Services.AddOptions<AdoNetGrainStorageOptions>(storageName)
                .Configure<Serializer>((options, serializer) => options.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
            if (faulty)
            {
                siloBuilder.Services.AddKeyedSingleton<IGrainStorage>("waqup",
                    (provider, _) => new FaultyGrainStorage(provider.GetRequiredKeyedService<IGrainStorage>(FaultyGrainStorage.RealName)));
            }
            siloBuilder.UseAdoNetReminderService(options =>
            {
                options.Invariant = "Npgsql";
                options.ConnectionString = connectionString;
            });
            siloBuilder.Configure<ReminderOptions>(options => options.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
            siloBuilder.AddIncomingGrainCallFilter<CommitFaults>();
            siloBuilder.AddOutgoingGrainCallFilter<CommitFaults>();
            var services = siloBuilder.Services;
            services.AddSingleton(TimeProvider.System);
            services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
            if (faulty)
            {
                services.AddSingleton<IRitualCatalog>(provider => new FaultyRitualCatalog(ActivatorUtilities.CreateInstance<PostgresRitualCatalog>(provider)));
                services.AddSingleton<ICreditLedger>(provider => new FaultyCreditLedger(ActivatorUtilities.CreateInstance<PostgresCreditLedger>(provider)));
            }
            else
            {
                services.AddSingleton<IRitualCatalog, PostgresRitualCatalog>();
                services.AddSingleton<ICreditLedger, PostgresCreditLedger>();
            }
            services.AddSingleton<IScriptWriter, BuiltInScriptWriter>();
            services.AddSingleton<ISlotExtractor, BuiltInSlotExtractor>();
            services.AddSingleton<ISpeechSynthesizer>(siloBuilder.Configuration["Test:SpeechFailsAfter"] is { } failAfter
                ? new FailingSpeech(int.Parse(failAfter))
                : siloBuilder.Configuration["Test:SpeechDelay"] is { } delay
                    ? new SlowSpeech(TimeSpan.Parse(delay, System.Globalization.CultureInfo.InvariantCulture))
                    : new EspeakSpeechSynthesizer(new EspeakOptions()));
            services.AddSpeechGate(siloBuilder.Configuration);
            IBlobStore blobs = new LocalDirectoryBlobStore(new LocalDirectoryBlobStoreOptions { RootPath = siloBuilder.Configuration["Blobs:Root"]! });
            services.AddSingleton(siloBuilder.Configuration["Test:HeldSaves"] is { } held ? HeldBlobStore.Register(held, blobs) : blobs);
            services.Configure<PricingOptions>(_ => { });
            var configuration = siloBuilder.Configuration;
            services.AddSingleton(configuration["Test:EncoderThreads"] is { } threads ? new RecordingEncoder(int.Parse(threads)) : new RecordingEncoder());
            // Many clusters share two cores during the suite: late threads must not refuse the rituals under test.
            services.Configure<AdmissionOptions>(options => options.MaxSchedulerLagMs = 60_000);
            services.AddSingleton<ISiloLoad, SiloLoad>();
            services.AddSingleton<RitualAdmission>();
            services.AddSingleton<FramePool>();
            services.AddSingleton<ProductionServices>();
            services.AddSingleton<LocalSessions>();
            services.AddMetrics();
            services.AddSingleton<WaQupMetrics>();
            services.Configure<ConversationOptions>(options =>
            {
                options.PaceFactor = configuration.GetValue("Test:PaceFactor", 0.0);
                options.RecordingBacklogMs = configuration.GetValue("Test:RecordingBacklogMs", options.RecordingBacklogMs);
                options.PollTimeout = TimeSpan.FromSeconds(2);
                options.ReservationLease = configuration.GetValue("Test:ReservationLease", options.ReservationLease);
                options.TurnWriteDelay = configuration.GetValue("Test:TurnWriteDelay", options.TurnWriteDelay);
            });
        }
    }
}
