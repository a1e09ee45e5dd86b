using System.Net.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using WaQup.Abstractions.Voice;
using WaQup.Providers.Speech.Cloud;

namespace WaQup.Providers.Recognition.Cloud;

/// <summary>Registers a paid speech recogniser as the <see cref="ISpeechRecognizer"/>, resilient, over an embedded fallback.</summary>
public static class CloudRecognitionServiceCollectionExtensions
{
    /// <summary>The named HttpClient behind <see cref="OpenAiSpeechRecognizer"/>.</summary>
    public const string OpenAiHttpClientName = "WaQup.Recognition.OpenAI";

    /// <summary>
    /// Registers <see cref="OpenAiSpeechRecognizer"/> as a singleton over a named HttpClient with retries, a circuit
    /// breaker and timeouts, and makes it the <see cref="ISpeechRecognizer"/>.
    /// </summary>
    /// <param name="fallback">
    /// The recogniser that hears what OpenAI could not, e.g. <c>sp =&gt; sp.GetRequiredService&lt;PocketSphinxRecognizer&gt;()</c>;
    /// resolve it by its own type, since <see cref="ISpeechRecognizer"/> is this one. Null: such an utterance is unavailable.
    /// </param>
    public static IServiceCollection AddOpenAiRecognition(
        this IServiceCollection services,
        OpenAiRecognitionOptions options,
        Func<IServiceProvider, ISpeechRecognizer>? fallback = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ApiKey, nameof(options));
        services.AddHttpClient(OpenAiHttpClientName).ForRecognition(options.Resilience);
        services.AddSingleton(provider => new OpenAiSpeechRecognizer(
            options,
            provider.GetRequiredService<IHttpClientFactory>().CreateClient(OpenAiHttpClientName),
            fallback?.Invoke(provider),
            provider.GetService<ILogger<OpenAiSpeechRecognizer>>(),
            provider.GetService<TimeProvider>()));
        services.RemoveAll<ISpeechRecognizer>();
        services.AddSingleton<ISpeechRecognizer>(provider => provider.GetRequiredService<OpenAiSpeechRecognizer>());
        return services;
    }

    // Runs inside HttpClient.SendAsync, before any of the answer is read, so a retry resends the whole file (the request
    // content is a seekable stream) and the timeouts bound the upload and OpenAI's work up to the response headers.
    private static IHttpClientBuilder ForRecognition(this IHttpClientBuilder builder, SpeechResilienceOptions resilience)
    {
        // HttpClient.Timeout would be a second, unconfigured total timeout racing the resilience pipeline's.
        builder.ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan);
        // The recogniser is a singleton holding one client, so connections are recycled here rather than by handler rotation.
        builder.UseSocketsHttpHandler((handler, _) => handler.PooledConnectionLifetime = TimeSpan.FromMinutes(5));
        builder.AddResilienceHandler("recognition", (pipeline, context) =>
            pipeline.AddPaidProviderStrategies(resilience, context.ServiceProvider.GetService<TimeProvider>() ?? TimeProvider.System));
        return builder;
    }
}
