using Microsoft.Extensions.DependencyInjection;
using WaQup.Providers.Speech.Cloud;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.CloudSpeech;

/// <summary>Options and service providers wired to a loopback server, with resilience quick enough for tests.</summary>
internal static class ProviderHost
{
    public const string ElevenLabsKey = "sk_5e1f0c2b9a7d4e3f8a6b1c0d2e4f6a8b9c0d1e2f3a4b5c6d";
    public const string OpenAiKey = "sk-proj-T3stK3yDoNotLeak0123456789abcdefABCDEF";

    /// <summary>Quick backoff, and a circuit that does not open in tests that are not about it.</summary>
    public static SpeechResilienceOptions Resilience => new()
    {
        MaxRetryAttempts = 2,
        RetryDelay = TimeSpan.FromMilliseconds(20),
        CircuitMinimumThroughput = 1000,
    };

    public static ElevenLabsOptions ElevenLabs(LoopbackServer server) => new()
    {
        ApiKey = ElevenLabsKey,
        BaseUrl = server.BaseUri,
        FirstByteTimeout = TimeSpan.FromSeconds(10),
        // Longer than any wait in the tests, so only the behaviour under test can end a stream.
        StallTimeout = TimeSpan.FromSeconds(60),
        Resilience = Resilience,
    };

    public static OpenAiSpeechOptions OpenAi(LoopbackServer server) => new()
    {
        ApiKey = OpenAiKey,
        Endpoint = new Uri(server.BaseUri, "v1"),
        FirstByteTimeout = TimeSpan.FromSeconds(10),
        StallTimeout = TimeSpan.FromSeconds(60),
        Resilience = Resilience,
    };

    public static ServiceProvider Services(Action<IServiceCollection> register)
    {
        var services = new ServiceCollection();
        register(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
