using System.Net.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using WaQup.Providers.Speech.Caching;

namespace WaQup.Providers.Speech.Cloud;

/// <summary>Registers a paid speech provider as the <see cref="ISpeechSynthesizer"/>, resilient, cached and metered.</summary>
public static class CloudSpeechServiceCollectionExtensions
{
    /// <summary>The named HttpClient behind the typed <see cref="ElevenLabsSpeechSynthesizer"/>.</summary>
    public const string ElevenLabsHttpClientName = "WaQup.Speech.ElevenLabs";

    /// <summary>The named HttpClient behind <see cref="OpenAiSpeechSynthesizer"/>.</summary>
    public const string OpenAiHttpClientName = "WaQup.Speech.OpenAI";

    /// <summary>
    /// Registers <see cref="ElevenLabsSpeechSynthesizer"/> as a typed HttpClient with retries, a circuit breaker and
    /// timeouts, and makes it the <see cref="ISpeechSynthesizer"/>, behind the shared <see cref="SpeechCache"/>.
    /// </summary>
    public static IServiceCollection AddElevenLabsSpeech(this IServiceCollection services, ElevenLabsOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ApiKey, nameof(options));
        AddShared(services);
        services
            .AddHttpClient(ElevenLabsHttpClientName)
            .AddTypedClient((http, provider) => new ElevenLabsSpeechSynthesizer(http, options, provider.GetRequiredService<ISpeechUsage>()))
            .ForStreamingSpeech(options.Resilience);
        var cacheName = $"{ElevenLabsSpeechSynthesizer.ProviderName}/{options.ModelId}";
        services.RemoveAll<ISpeechSynthesizer>();
        services.AddTransient<ISpeechSynthesizer>(provider => new CachingSpeechSynthesizer(
            provider.GetRequiredService<ElevenLabsSpeechSynthesizer>(), cacheName, provider.GetRequiredService<SpeechCache>()));
        return services;
    }

    /// <summary>
    /// Registers <see cref="OpenAiSpeechSynthesizer"/> over a named HttpClient with the same resilience as ElevenLabs,
    /// and makes it the <see cref="ISpeechSynthesizer"/>, behind the shared <see cref="SpeechCache"/>.
    /// </summary>
    public static IServiceCollection AddOpenAiSpeech(this IServiceCollection services, OpenAiSpeechOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ApiKey, nameof(options));
        AddShared(services);
        services.AddHttpClient(OpenAiHttpClientName).ForStreamingSpeech(options.Resilience);
        services.AddTransient(provider => new OpenAiSpeechSynthesizer(
            options,
            provider.GetRequiredService<IHttpClientFactory>().CreateClient(OpenAiHttpClientName),
            provider.GetRequiredService<ISpeechUsage>()));
        var cacheName = $"{OpenAiSpeechSynthesizer.ProviderName}/{options.Model}";
        services.RemoveAll<ISpeechSynthesizer>();
        services.AddTransient<ISpeechSynthesizer>(provider => new CachingSpeechSynthesizer(
            provider.GetRequiredService<OpenAiSpeechSynthesizer>(), cacheName, provider.GetRequiredService<SpeechCache>()));
        return services;
    }

    private static void AddShared(IServiceCollection services)
    {
        services.TryAddSingleton<ISpeechUsage, InMemorySpeechUsage>();
        services.TryAddSingleton(new SpeechCacheOptions());
        services.TryAddSingleton(provider => new SpeechCache(provider.GetRequiredService<SpeechCacheOptions>()));
    }

    // Everything here runs inside HttpClient.SendAsync, which the synthesizers call with ResponseHeadersRead: it returns
    // when the headers arrive. So a retry can only ever resend a request whose body nobody has read (no audio is lost or
    // repeated), and the total and attempt timeouts bound only the wait for headers: a long sentence streaming for a
    // minute is never cut by them. The body has its own limits in the synthesizer (first byte, then stalls).
    private static IHttpClientBuilder ForStreamingSpeech(this IHttpClientBuilder builder, SpeechResilienceOptions resilience)
    {
        // HttpClient.Timeout would be a second, unconfigured total timeout racing the resilience pipeline's.
        builder.ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan);
        builder.UseSocketsHttpHandler((handler, _) =>
        {
            // Synthesizers may be held for a grain's lifetime, so connections are recycled here rather than by handler rotation.
            handler.PooledConnectionLifetime = TimeSpan.FromMinutes(5);
            // A listener who cancels mid-sentence must stop the provider's stream now, not after draining up to 1 MiB of it.
            handler.MaxResponseDrainSize = 0;
        });
        builder.AddResilienceHandler("speech", (pipeline, context) =>
            pipeline.AddPaidProviderStrategies(resilience, context.ServiceProvider.GetService<TimeProvider>() ?? TimeProvider.System));
        return builder;
    }
}
