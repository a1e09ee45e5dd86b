using WaQup.Grains.Costs;
using WaQup.Providers.Content.Llm;
using WaQup.Providers.Speech.Cloud;

namespace WaQup.Silo.Hosting;

/// <summary>
/// Every provider call's cost, on every node that makes provider calls: the price table (<c>Costs:*</c>), the recorder
/// the providers report to, and the writer that keeps its records in PostgreSQL. Call it before the providers.
/// </summary>
public static class CostSetup
{
    public static WebApplicationBuilder AddWaQupCosts(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var services = builder.Services;
        var options = configuration.GetSection("Costs").Get<CostOptions>() ?? new CostOptions();
        // Built now, so a bad price stops the node at start rather than at its first call.
        var prices = new PriceTable(options);
        services.AddSingleton(options);
        services.AddSingleton(prices);
        services.AddSingleton<ICostStore, PostgresCostStore>();
        services.AddSingleton<CostRecorder>();
        services.AddHostedService<CostWriter>();
        services.AddSingleton<ILlmUsageSink, LlmCostSink>();
        // Before the cloud speech providers, whose registration keeps an ISpeechUsage already there.
        var models = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ElevenLabsSpeechSynthesizer.ProviderName] = configuration["Speech:ElevenLabs:ModelId"] ?? new ElevenLabsOptions().ModelId,
            [OpenAiSpeechSynthesizer.ProviderName] = configuration["Speech:OpenAI:Model"] ?? new OpenAiSpeechOptions().Model,
        };
        services.AddSingleton<ISpeechUsage>(provider => new SpeechCostUsage(provider.GetRequiredService<CostRecorder>(), models));
        return builder;
    }
}
