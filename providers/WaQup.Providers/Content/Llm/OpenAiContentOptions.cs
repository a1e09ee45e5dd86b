using System.Text;

namespace WaQup.Providers.Content.Llm;

/// <summary>How to reach OpenAI's chat completions API for script writing.</summary>
public sealed record OpenAiContentOptions
{
    /// <summary>The secret key; read from the environment (OPENAI_API_KEY), never from a settings file.</summary>
    public string ApiKey { get; init; } = string.Empty;

    public string Model { get; init; } = "gpt-4o-mini";

    /// <summary>The API root including its version segment; null for https://api.openai.com/v1. Set for proxies and tests.</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>The SDK's network timeout, applied to each read of the stream; null for the SDK's default (100 s).</summary>
    public TimeSpan? NetworkTimeout { get; init; }

    public LlmResilienceOptions Resilience { get; init; } = new();

    // Records print every property; the key must not reach a log that prints the options.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("ApiKey = ").Append(ApiKey.Length == 0 ? "(none)" : "(set)")
            .Append(", Model = ").Append(Model)
            .Append(", Endpoint = ").Append(Endpoint)
            .Append(", NetworkTimeout = ").Append(NetworkTimeout)
            .Append(", Resilience = ").Append(Resilience);
        return true;
    }
}
