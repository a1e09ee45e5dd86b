using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WaQup.Providers.Simulated;

namespace WaQup.Providers.Content.Llm;

/// <summary>Registers the one script writer that configuration chooses, so the choice is made once, at startup.</summary>
/// <remarks>
/// <c>Content:Provider</c> is <c>builtin</c> (the default), <c>openai</c> or <c>anthropic</c>. Settings come from
/// <c>Content:OpenAi</c> or <c>Content:Anthropic</c> (model, endpoint, timeouts, <c>Resilience</c>); the keys come only
/// from the environment, as <c>OPENAI_API_KEY</c> and <c>ANTHROPIC_API_KEY</c>. A chosen provider without its key
/// stops startup rather than falling back quietly.
/// </remarks>
public static class ScriptWriterSetup
{
    public const string ProviderKey = "Content:Provider";

    public const string ExtractionKey = "Content:Extraction";

    public static IServiceCollection AddScriptWriter(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var provider = Provider(configuration);
        switch (provider)
        {
            case "builtin":
                services.AddSingleton<IScriptWriter, BuiltInScriptWriter>();
                break;
            case "openai":
                var openAi = configuration.GetSection("Content:OpenAi").Get<OpenAiContentOptions>() ?? new OpenAiContentOptions();
                services.AddSingleton(openAi with { ApiKey = Key(configuration, "OPENAI_API_KEY", provider) });
                services.AddSingleton<IScriptWriter, OpenAiScriptWriter>();
                break;
            case "anthropic":
                var anthropic = configuration.GetSection("Content:Anthropic").Get<AnthropicContentOptions>() ?? new AnthropicContentOptions();
                services.AddSingleton(anthropic with { ApiKey = Key(configuration, "ANTHROPIC_API_KEY", provider) });
                services.AddSingleton<IScriptWriter, AnthropicScriptWriter>();
                break;
            case "loadtest":
                // Only ever chosen by name: simulated latency for load tests, never a default.
                var textLatency = configuration.GetSection("LoadTest").Get<SimulatedProviderOptions>() ?? new SimulatedProviderOptions();
                services.AddSingleton<IScriptWriter>(sp => new LoadTestScriptWriter(textLatency, sp.GetService<TimeProvider>()));
                break;
            default:
                throw new InvalidOperationException($"{ProviderKey} is '{provider}'; use builtin, openai, anthropic or loadtest.");
        }

        return services;
    }

    /// <summary>
    /// Registers what reads a person's requests: with a model writing scripts, the same model answering in a fixed JSON
    /// shape (<see cref="LlmSlotExtractor"/>), unless <c>Content:Extraction</c> is <c>builtin</c>; otherwise the built-in
    /// rules. Call after <see cref="AddScriptWriter"/>, which registers the provider's options.
    /// </summary>
    public static IServiceCollection AddSlotExtractor(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var extraction = configuration[ExtractionKey]?.Trim().ToLowerInvariant() is { Length: > 0 } chosen ? chosen : "model";
        if (extraction is not ("model" or "builtin"))
        {
            throw new InvalidOperationException($"{ExtractionKey} is '{extraction}'; use model or builtin.");
        }

        switch (extraction == "model" ? Provider(configuration) : "builtin")
        {
            case "openai":
                services.AddSingleton<ISlotExtractor>(sp => new LlmSlotExtractor(
                    sp.GetRequiredService<OpenAiContentOptions>(), sp.GetService<ILlmUsageSink>(), sp.GetService<ILogger<LlmSlotExtractor>>()));
                break;
            case "anthropic":
                services.AddSingleton<ISlotExtractor>(sp => new LlmSlotExtractor(
                    sp.GetRequiredService<AnthropicContentOptions>(), sp.GetService<ILlmUsageSink>(), sp.GetService<ILogger<LlmSlotExtractor>>()));
                break;
            default:
                services.AddSingleton<ISlotExtractor, BuiltInSlotExtractor>();
                break;
        }

        return services;
    }

    /// <summary>The content provider chosen; unset, the keys present decide (PROTOCOL.md: with the keys set, the real providers are used).</summary>
    private static string Provider(IConfiguration configuration) =>
        configuration[ProviderKey]?.Trim().ToLowerInvariant() is { Length: > 0 } chosen
            ? chosen
            : !string.IsNullOrEmpty(configuration["OPENAI_API_KEY"]) ? "openai"
            : !string.IsNullOrEmpty(configuration["ANTHROPIC_API_KEY"]) ? "anthropic"
            : "builtin";

    private static string Key(IConfiguration configuration, string name, string provider) =>
        configuration[name] is { Length: > 0 } key
            ? key
            : throw new InvalidOperationException($"{ProviderKey} is {provider}, but {name} is not set in the environment.");
}
