using System.Diagnostics.Metrics;
using WaQup.Abstractions.Voice;
using WaQup.Grains.Costs;
using WaQup.Grains.Telemetry;
using WaQup.Providers.Blobs;
using WaQup.Providers.Blobs.Azure;
using WaQup.Providers.Content;
using WaQup.Providers.Content.Llm;
using WaQup.Providers.Payments;
using WaQup.Providers.Recognition.Cloud;
using WaQup.Providers.Recognition.Embedded;
using WaQup.Providers.Simulated;
using WaQup.Providers.Speech;
using WaQup.Providers.Speech.Caching;
using WaQup.Providers.Speech.Cloud;
using WaQup.Providers.Speech.Embedded;
using WaQup.Providers.Speech.Gate;

namespace WaQup.Silo.Hosting;

/// <summary>Chooses each provider once, from configuration; the embedded defaults work offline.</summary>
public static class ProviderSetup
{

    public static WebApplicationBuilder AddWaQupProviders(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var services = builder.Services;

        services.AddScriptWriter(configuration);
        services.AddSlotExtractor(configuration);

        AddSpeech(services, configuration);

        builder.AddWaQupBlobStore();

        AddPayments(services, configuration);

        return builder;
    }

    /// <summary>
    /// Stripe when <c>STRIPE_SECRET_KEY</c> and <c>STRIPE_WEBHOOK_SECRET</c> are both set (<c>STRIPE_API_BASE</c> points
    /// Stripe.net elsewhere); otherwise payments are off and say so (503).
    /// </summary>
    private static void AddPayments(IServiceCollection services, IConfiguration configuration)
    {
        var payments = PaymentsOptions.FromEnvironment(key => configuration[key]);
        if (!payments.Enabled && (!string.IsNullOrWhiteSpace(payments.SecretKey) || !string.IsNullOrWhiteSpace(payments.WebhookSecret)))
        {
            Console.Error.WriteLine("warning: payments need both STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET; with one of them alone they stay off.");
        }

        services.AddSingleton<IPaymentGateway>(payments.Enabled ? new StripePaymentGateway(payments) : new DisabledPaymentGateway());
    }

    /// <summary>
    /// <c>Speech:Provider</c>: <c>elevenlabs</c> when ELEVENLABS_API_KEY is set, else <c>openai</c> when OPENAI_API_KEY
    /// is, else <c>flite</c> (in-process, <c>Flite:*</c>), which hands a sentence it cannot speak (flite's libraries
    /// missing, a synthesis failing) to espeak-ng. <c>espeak</c> alone is chosen by name. Every provider sits behind the
    /// speech cache, each in its own namespace: identical speech is made once. The <see cref="IVoiceCatalog"/> lists
    /// the provider's voices.
    /// </summary>
    private static void AddSpeech(IServiceCollection services, IConfiguration configuration)
    {
        var elevenLabsKey = configuration["ELEVENLABS_API_KEY"];
        var openAiKey = configuration["OPENAI_API_KEY"];
        var provider = SpeechProvider(configuration);
        services.AddSingleton(configuration.GetSection("Speech:Cache").Get<SpeechCacheOptions>() ?? new SpeechCacheOptions());
        switch (provider)
        {
            case "flite":
                AddEspeak(services, configuration);
                services.AddSingleton(configuration.GetSection("Flite").Get<FliteOptions>() ?? new FliteOptions());
                services.AddSingleton<FliteSpeechSynthesizer>();
                services.AddSingleton<ISpeechSynthesizer>(sp => new FallbackSpeechSynthesizer(
                    new CachingSpeechSynthesizer(Costed(sp.GetRequiredService<FliteSpeechSynthesizer>(), "flite", sp), "flite", sp.GetRequiredService<SpeechCache>()),
                    sp.GetRequiredKeyedService<ISpeechSynthesizer>("espeak"),
                    "flite",
                    "espeak-ng",
                    sp.GetRequiredService<ILoggerFactory>().CreateLogger<FallbackSpeechSynthesizer>(),
                    FallbackSpeechSynthesizer.EspeakVoiceFor));
                services.AddSingleton<IVoiceCatalog>(sp => new FliteVoiceCatalog(
                    sp.GetRequiredService<FliteSpeechSynthesizer>(), sp.GetRequiredService<FliteOptions>(), new PreferenceVoiceCatalog("espeak-ng")));
                break;
            case "espeak":
                AddEspeak(services, configuration);
                services.AddSingleton(sp => sp.GetRequiredKeyedService<ISpeechSynthesizer>("espeak"));
                services.AddSingleton<IVoiceCatalog>(new PreferenceVoiceCatalog("espeak-ng"));
                break;
            case "elevenlabs":
                services.AddElevenLabsSpeech((configuration.GetSection("Speech:ElevenLabs").Get<ElevenLabsOptions>() ?? new ElevenLabsOptions())
                    with { ApiKey = Required(elevenLabsKey, "ELEVENLABS_API_KEY", provider) });
                services.AddSingleton<IVoiceCatalog>(new PreferenceVoiceCatalog("ElevenLabs"));
                break;
            case "openai":
                services.AddOpenAiSpeech((configuration.GetSection("Speech:OpenAI").Get<OpenAiSpeechOptions>() ?? new OpenAiSpeechOptions())
                    with { ApiKey = Required(openAiKey, "OPENAI_API_KEY", provider) });
                services.AddSingleton<IVoiceCatalog>(new PreferenceVoiceCatalog("OpenAI"));
                break;
            case "loadtest":
                // Only ever chosen by name: simulated latency for load tests, never a default.
                var speechLatency = configuration.GetSection("LoadTest").Get<SimulatedProviderOptions>() ?? new SimulatedProviderOptions();
                services.AddSingleton<ISpeechSynthesizer>(sp => new LoadTestSpeechSynthesizer(speechLatency, sp.GetService<TimeProvider>()));
                services.AddSingleton<IVoiceCatalog>(new PreferenceVoiceCatalog("the load test"));
                break;
            default:
                throw new InvalidOperationException($"Speech:Provider '{provider}' is not one of: flite, espeak, elevenlabs, openai, loadtest.");
        }
    }

    /// <summary>espeak-ng (<c>Espeak:*</c>) behind the speech cache, as the keyed <see cref="ISpeechSynthesizer"/> "espeak".</summary>
    private static void AddEspeak(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(configuration.GetSection("Espeak").Get<EspeakOptions>() ?? new EspeakOptions());
        services.AddSingleton<EspeakSpeechSynthesizer>();
        services.AddSingleton<SpeechCache>();
        services.AddKeyedSingleton<ISpeechSynthesizer>("espeak", (sp, _) => new CachingSpeechSynthesizer(
            Costed(sp.GetRequiredService<EspeakSpeechSynthesizer>(), "espeak", sp), "espeak", sp.GetRequiredService<SpeechCache>()));
    }

    /// <summary>
    /// An embedded synthesiser whose syntheses are recorded as costs, on a node with costs (<c>AddWaQupCosts</c>); put it
    /// under the speech cache, so that replays are not.
    /// </summary>
    private static ISpeechSynthesizer Costed(ISpeechSynthesizer synthesizer, string provider, IServiceProvider services) =>
        services.GetService<CostRecorder>() is { } costs ? new CostedSpeechSynthesizer(synthesizer, provider, costs) : synthesizer;

    /// <summary>
    /// The silo's <see cref="ISpeechGate"/> around the whole <see cref="ISpeechSynthesizer"/> stack (cache and metering
    /// included): call it after the last decorator of <see cref="ISpeechSynthesizer"/>. Its bounds are
    /// <see cref="SpeechGateOptionsFor"/>; its instruments go to the <c>WaQup</c> meter.
    /// </summary>
    public static IServiceCollection AddSpeechGate(this IServiceCollection services, IConfiguration configuration)
    {
        // Read now, so a bad value stops the silo at start rather than its first session.
        var options = SpeechGateOptionsFor(configuration);
        options.Validate();
        services.AddSingleton<ISpeechGate>(provider => new SpeechGate(
            provider.GetRequiredService<ISpeechSynthesizer>(),
            options,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<IMeterFactory>().Create(WaQupMetrics.Name)));
        return services;
    }

    /// <summary>
    /// How many syntheses the silo runs at once, by provider. flite and espeak spend this machine's cores (flite one
    /// sentence at a time in the process, espeak a process a synthesis): <c>Speech:MaxConcurrent</c>, default twice the
    /// processor count. elevenlabs and openai spend little here and are
    /// limited by the provider account: <c>Speech:MaxConcurrentCloud</c>, default 16. loadtest stands in for a provider
    /// in benchmarks, which measure the engine: unbounded unless <c>Speech:MaxConcurrent</c> is set. Waiting is bounded
    /// by <c>Speech:MaxWaitingPerRequester</c> (default 16) and <c>Speech:MaxWaiting</c> (default 512) on every provider.
    /// </summary>
    public static SpeechGateOptions SpeechGateOptionsFor(IConfiguration configuration)
    {
        var defaults = new SpeechGateOptions();
        var speech = configuration.GetSection("Speech");
        var maxConcurrent = SpeechProvider(configuration) switch
        {
            "elevenlabs" or "openai" => speech.GetValue("MaxConcurrentCloud", 16),
            "loadtest" => speech.GetValue("MaxConcurrent", int.MaxValue),
            _ => speech.GetValue("MaxConcurrent", defaults.MaxConcurrent),
        };
        return new SpeechGateOptions
        {
            MaxConcurrent = maxConcurrent,
            MaxWaitingPerRequester = speech.GetValue("MaxWaitingPerRequester", defaults.MaxWaitingPerRequester),
            MaxWaiting = speech.GetValue("MaxWaiting", defaults.MaxWaiting),
        };
    }

    private static string SpeechProvider(IConfiguration configuration) =>
        configuration["Speech:Provider"]
        ?? (!string.IsNullOrEmpty(configuration["ELEVENLABS_API_KEY"]) ? "elevenlabs"
            : !string.IsNullOrEmpty(configuration["OPENAI_API_KEY"]) ? "openai"
            : "flite");

    private static string Required(string? secret, string variable, string provider) =>
        string.IsNullOrEmpty(secret)
            ? throw new InvalidOperationException($"{variable} must be set in the environment to use the {provider} provider.")
            : secret;

    /// <summary>
    /// The recogniser for microphone audio, on every node that holds sockets (a silo co-hosting the api, or an api node).
    /// <c>Recognition:Provider</c>: <c>openai</c> when OPENAI_API_KEY is set, else <c>pocketsphinx</c> (embedded, with the
    /// project's domain language model); PocketSphinx is also what hears an utterance OpenAI could not.
    /// <c>Recognition:WarmUp</c> (default true) builds the model and loads a decoder in the background at start, so the
    /// first person to speak does not wait for them.
    /// </summary>
    public static WebApplicationBuilder AddWaQupRecognition(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddSingleton(configuration.GetSection("Recognition:PocketSphinx").Get<PocketSphinxOptions>() ?? new PocketSphinxOptions());
        services.AddSingleton<PocketSphinxRecognizer>();
        var provider = configuration["Recognition:Provider"]
            ?? (!string.IsNullOrEmpty(configuration["OPENAI_API_KEY"]) ? "openai" : "pocketsphinx");
        switch (provider)
        {
            case "pocketsphinx":
                services.AddSingleton<ISpeechRecognizer>(sp => sp.GetRequiredService<PocketSphinxRecognizer>());
                break;
            case "openai":
                services.AddOpenAiRecognition(
                    (configuration.GetSection("Recognition:OpenAI").Get<OpenAiRecognitionOptions>() ?? new OpenAiRecognitionOptions())
                        with { ApiKey = Required(configuration["OPENAI_API_KEY"], "OPENAI_API_KEY", provider) },
                    sp => sp.GetRequiredService<PocketSphinxRecognizer>());
                break;
            default:
                throw new InvalidOperationException($"Recognition:Provider '{provider}' is not one of: pocketsphinx, openai.");
        }

        // Outermost, so an utterance is recorded under whichever recogniser heard it (OpenAI's fallback included).
        SiloSetup.Decorate<ISpeechRecognizer>(services, (recognizer, sp) =>
            sp.GetService<CostRecorder>() is { } costs ? new CostedSpeechRecognizer(recognizer, costs) : recognizer);
        if (configuration.GetValue("Recognition:WarmUp", true))
        {
            services.AddHostedService<RecognizerWarmUp>();
        }

        return builder;
    }

    /// <summary>The blob store alone: an api node serves saved audio from it too.</summary>
    public static WebApplicationBuilder AddWaQupBlobStore(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(BlobStore(builder.Configuration));
        return builder;
    }

    /// <summary><c>Blobs:Provider</c>: <c>local</c> (default, <c>Blobs:Root</c>) or <c>azure</c> (<c>Blobs:Azure:*</c>).</summary>
    private static IBlobStore BlobStore(IConfiguration configuration)
    {
        var provider = configuration.GetValue("Blobs:Provider", "local");
        return provider switch
        {
            "local" => new LocalDirectoryBlobStore(new LocalDirectoryBlobStoreOptions
            {
                RootPath = Path.GetFullPath(configuration.GetValue("Blobs:Root", Path.Combine(".waqup", "blobs"))!),
            }),
            "azure" => new AzureBlobStore(configuration.GetSection("Blobs:Azure").Get<AzureBlobStoreOptions>()
                ?? throw new InvalidOperationException("Blobs:Azure:ConnectionString is required when Blobs:Provider is azure.")),
            _ => throw new InvalidOperationException($"Blobs:Provider '{provider}' is not one of: local, azure."),
        };
    }
}
