using WaQup.Providers.Blobs;
using WaQup.Providers.Blobs.Azure;
using WaQup.Providers.Content;
using WaQup.Providers.Speech;

namespace WaQup.Silo.Hosting;

/// <summary>Chooses each provider once, from configuration; the embedded defaults work offline.</summary>
public static class ProviderSetup
{
    private static readonly string[] PaidProviderKeys = ["OPENAI_API_KEY", "ANTHROPIC_API_KEY", "ELEVENLABS_API_KEY", "STRIPE_SECRET_KEY"];

    public static WebApplicationBuilder AddWaQupProviders(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var services = builder.Services;

        services.AddSingleton<IScriptWriter, BuiltInScriptWriter>();
        services.AddSingleton<ISlotExtractor, BuiltInSlotExtractor>();

        var espeak = configuration.GetSection("Espeak").Get<EspeakOptions>() ?? new EspeakOptions();
        services.AddSingleton(espeak);
        services.AddSingleton<ISpeechSynthesizer, EspeakSpeechSynthesizer>();

        services.AddSingleton<IBlobStore>(BlobStore(configuration));

        foreach (var key in PaidProviderKeys.Where(k => !string.IsNullOrEmpty(configuration[k])))
        {
            // Visible on purpose: the real providers are later work (see README), so say so rather than pretend.
            Console.Error.WriteLine($"warning: {key} is set, but that provider is not built yet; using the embedded default.");
        }

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
