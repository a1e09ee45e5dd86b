using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
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

    public static IServiceCollection AddScriptWriter(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        // Unset, the keys present decide (PROTOCOL.md: with the keys set, the real providers are used).
        var provider = configuration[ProviderKey]?.Trim().ToLowerInvariant() is { Length: > 0 } chosen
            ? chosen
            : !string.IsNullOrEmpty(configuration["OPENAI_API_KEY"]) ? "openai"
            : !string.IsNullOrEmpty(configuration["ANTHROPIC_API_KEY"]) ? "anthropic"
            : "builtin";
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

    private static string Key(IConfiguration configuration, string name, string provider) =>
        configuration[name] is { Length: > 0 } key
            ? key
            : throw new InvalidOperationException($"{ProviderKey} is {provider}, but {name} is not set in the environment.");
}
