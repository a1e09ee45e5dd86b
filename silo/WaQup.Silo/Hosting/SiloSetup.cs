using System.Net;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;
using WaQup.Api;
using WaQup.Api.Conversation;
using WaQup.Grains.Admission;
using WaQup.Grains.Billing;
using WaQup.Grains.Catalog;
using WaQup.Grains.Configuration;
using WaQup.Grains.Credits;
using WaQup.Grains.Marketplace;
using WaQup.Grains.Memory;
using WaQup.Grains.Plays;
using WaQup.Grains.Rituals;
using WaQup.Grains.Sessions;
using WaQup.Grains.Sessions.Production;
using WaQup.Grains.Telemetry;
using WaQup.Providers.Content;
using WaQup.Providers.Speech;
using WaQup.Silo.Database;

namespace WaQup.Silo.Hosting;

/// <summary>The silo: PostgreSQL, migrations, Orleans with ADO.NET clustering, storage and reminders, and the providers.</summary>
public static class SiloSetup
{
    public const string StorageName = "waqup";
    private const string Invariant = "Npgsql";

    /// <summary>
    /// The process's role, from <c>Role</c>: <c>silo</c> (the default: hosts the grains and co-hosts the api) or
    /// <c>api</c> (the api alone, as an Orleans client in front of the silos: the split topology).
    /// </summary>
    public static WebApplicationBuilder AddWaQupNode(this WebApplicationBuilder builder) =>
        builder.Configuration.GetValue("Role", "silo") switch
        {
            "silo" => builder.AddWaQupSilo(),
            "api" => builder.AddWaQupApiClient(),
            var role => throw new InvalidOperationException($"Role '{role}' is not one of: silo, api."),
        };

    /// <summary>Every endpoint of a node: the api, <c>/metrics</c>, and on a silo the operators' dashboard.</summary>
    public static WebApplication MapWaQupNode(this WebApplication app)
    {
        app.MapWaQupApi();
        app.MapWaQupObservability();
        if (app.Configuration.GetValue("Role", "silo") == "silo")
        {
            app.MapWaQupOperatorPages();
        }

        return app;
    }

    public static WebApplicationBuilder AddWaQupSilo(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var connectionString = AddCommon(builder);
        var services = builder.Services;
        services.AddSingleton<MigrationRunner>();
        // Before Orleans: hosted services start in order, and the silo needs the schema.
        services.AddHostedService<MigrationService>();

        services.Configure<PricingOptions>(configuration.GetSection("Pricing"));
        services.Configure<ConversationOptions>(configuration.GetSection("Conversation"));
        services.Configure<SoundOptions>(configuration.GetSection("Sound"));
        services.AddSingleton<RecordingEncoder>();
        services.Configure<AdmissionOptions>(configuration.GetSection("Admission"));
        services.AddSingleton<ISiloLoad, SiloLoad>();
        services.AddSingleton<RitualAdmission>();
        services.AddSingleton<FramePool>();
        services.AddSingleton<ProductionServices>();
        services.AddSingleton<LocalSessions>();
        services.AddSingleton<ISessionHandOff, SessionHandOff>();
        services.Configure<MemoryOptions>(configuration.GetSection("Memory"));
        services.AddHostedService<QuietMemoryReturn>();
        services.AddSingleton<IRitualCatalog, PostgresRitualCatalog>();
        services.AddSingleton<ICreditLedger, PostgresCreditLedger>();
        services.Configure<BillingOptions>(configuration.GetSection("Billing"));
        services.AddSingleton<IPaymentRecords, PostgresPaymentRecords>();
        services.AddSingleton<IPlayRecords, PostgresPlayRecords>();
        services.Configure<PlayOptions>(configuration.GetSection("Plays"));
        services.AddOptions<MarketplaceOptions>().Bind(configuration.GetSection("Marketplace"))
            .Validate(options => options.CreatorShare is >= 0 and <= 1, "Marketplace:CreatorShare must be from 0 to 1.")
            .ValidateOnStart();
        services.AddSingleton<IMarketplaceRecords, PostgresMarketplaceRecords>();
        services.AddSingleton<IPackCatalog, PostgresPackCatalog>();
        services.AddSingleton<WaQupMetrics>();
        builder.AddWaQupCosts();
        builder.AddWaQupProviders();
        builder.AddWaQupRecognition();
        Decorate<ISpeechSynthesizer>(services, (speech, provider) => new MeteredSpeechSynthesizer(speech, provider.GetRequiredService<WaQupMetrics>()));
        Decorate<IScriptWriter>(services, (writer, provider) => new MeteredScriptWriter(writer, provider.GetRequiredService<WaQupMetrics>()));
        // Outermost: a synthesis holds one of the silo's slots whatever is inside (cache, metering, provider).
        services.AddSpeechGate(configuration);
        builder.AddWaQupObservability();

        var orleans = configuration.GetSection("Orleans");
        var orleansConnection = WithoutSessionReset(connectionString);
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(options => ConfigureCluster(options, orleans));
            if (orleans["SiloName"] is { Length: > 0 } siloName)
            {
                silo.Configure<SiloOptions>(options => options.SiloName = siloName);
            }

            silo.ConfigureEndpoints(
                IPAddress.Parse(orleans.GetValue("AdvertisedAddress", "127.0.0.1")!),
                orleans.GetValue("SiloPort", 11111),
                orleans.GetValue("GatewayPort", 30000),
                listenOnAnyHostAddress: orleans.GetValue("ListenOnAnyAddress", false));
            silo.UseAdoNetClustering(options =>
            {
                options.Invariant = Invariant;
                options.ConnectionString = orleansConnection;
            });
            MembershipTuning.Apply(silo.Services, orleans.GetSection("Membership"));
            silo.AddActivityPropagation();
            if (OperatorAccess.DashboardServed(builder.Configuration))
            {
                silo.AddWaQupDashboard();
            }
            // The default directory is eventually consistent: while a dead silo's share of it is rebuilt, one grain can
            // be activated twice, and a session's commands and polls, or a credit ledger's reads and writes, then reach
            // different copies (seen in the chaos test: rituals saved but missing from a stale ledger copy). This one
            // keeps a single activation through membership changes.
#pragma warning disable ORLEANSEXP003 // experimental in Orleans 10
            silo.AddDistributedGrainDirectory();
#pragma warning restore ORLEANSEXP003
            MembershipTuning.ApplyToDirectory(silo.Services, orleans.GetSection("Directory"));
            silo.AddAdoNetGrainStorage(StorageName, options =>
            {
                options.Invariant = Invariant;
                options.ConnectionString = orleansConnection;
            });
            silo.Services.AddOptions<AdoNetGrainStorageOptions>(StorageName)
                .Configure<Serializer>((options, serializer) => options.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
            silo.UseAdoNetReminderService(options =>
            {
                options.Invariant = Invariant;
                options.ConnectionString = orleansConnection;
            });
            if (orleans.GetValue<TimeSpan?>("MinimumReminderPeriod") is { } minimum)
            {
                silo.Configure<ReminderOptions>(options => options.MinimumReminderPeriod = minimum);
            }
        });
        return builder;
    }

    /// <summary>
    /// The api alone: an Orleans client that finds the silos' gateways in the membership table. It owns no grain and
    /// no schema; it reads the database only for readiness, and the blob store to serve saved audio.
    /// </summary>
    public static WebApplicationBuilder AddWaQupApiClient(this WebApplicationBuilder builder)
    {
        var connectionString = AddCommon(builder);
        builder.AddWaQupBlobStore();
        builder.AddWaQupCosts();
        builder.AddWaQupRecognition();
        var orleans = builder.Configuration.GetSection("Orleans");
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(options => ConfigureCluster(options, orleans));
            client.UseAdoNetClustering(options =>
            {
                options.Invariant = Invariant;
                options.ConnectionString = WithoutSessionReset(connectionString);
            });
            MembershipTuning.ApplyToClient(client.Services, orleans.GetSection("Gateway"));
            client.AddActivityPropagation();
        });
        builder.AddWaQupObservability();
        return builder;
    }

    /// <summary>Wraps the last registration of <typeparamref name="TService"/> (a singleton) in <paramref name="wrap"/>.</summary>
    internal static void Decorate<TService>(IServiceCollection services, Func<TService, IServiceProvider, TService> wrap)
        where TService : class
    {
        var index = services.Count - 1;
        while (index >= 0 && services[index].ServiceType != typeof(TService))
        {
            index--;
        }

        if (index < 0)
        {
            throw new InvalidOperationException($"{typeof(TService).Name} is not registered: nothing to wrap.");
        }

        var inner = services[index];
        services[index] = ServiceDescriptor.Singleton<TService>(provider => wrap(
            (TService)(inner.ImplementationInstance
                ?? inner.ImplementationFactory?.Invoke(provider)
                ?? ActivatorUtilities.CreateInstance(provider, inner.ImplementationType!)),
            provider));
    }

    /// <summary>What both roles need: the HTTP address, the clock and the database; returns the connection string.</summary>
    private static string AddCommon(WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var connectionString = configuration.GetConnectionString("Postgres")
            ?? throw new InvalidOperationException("ConnectionStrings:Postgres (WAQUP_ConnectionStrings__Postgres) is required.");

        var port = configuration.GetValue("WAQUP_PORT", 8080);
        if (string.IsNullOrEmpty(configuration["urls"]))
        {
            var address = configuration.GetValue("Http:BindAddress", "127.0.0.1");
            var metricsPort = Observability.MetricsPort(configuration);
            builder.WebHost.UseUrls(metricsPort > 0
                ? [$"http://{address}:{port}", $"http://{address}:{metricsPort}"]
                : [$"http://{address}:{port}"]);
        }

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        // Both roles: an api node answers the operators' REST endpoints too.
        builder.AddWaQupOperatorAccess();
        return connectionString;
    }

    private static void ConfigureCluster(ClusterOptions options, IConfiguration orleans)
    {
        options.ClusterId = orleans.GetValue("ClusterId", "waqup-local")!;
        options.ServiceId = orleans.GetValue("ServiceId", "waqup")!;
    }

    /// <summary>
    /// Orleans' providers keep no session state on a connection (their locks are transaction-scoped), so a pooled
    /// connection need not be reset when it goes back. Npgsql's reset (<c>DISCARD ALL</c>, one more round trip and
    /// commit) also dropped every cached plan, so each grain write planned its storage function afresh; kept, the
    /// providers' few statements are prepared once per connection. In the unpaced benchmark PostgreSQL's share of the
    /// two cores fell from 0.45 to 0.32 and its commits from 1,645 to 956 a second.
    /// </summary>
    private static string WithoutSessionReset(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true, MaxAutoPrepare = 16 }.ConnectionString;
}
