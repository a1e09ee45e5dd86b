using System.Text;

namespace WaQup.Providers.Content.Llm;

/// <summary>How to reach Anthropic's messages API for script writing.</summary>
public sealed record AnthropicContentOptions
{
    /// <summary>The secret key; read from the environment (ANTHROPIC_API_KEY), never from a settings file.</summary>
    public string ApiKey { get; init; } = string.Empty;

    public string Model { get; init; } = "claude-haiku-4-5";

    /// <summary>The API root, without the version segment; set for proxies and tests.</summary>
    public Uri BaseUrl { get; init; } = new("https://api.anthropic.com");

    /// <summary>The SDK's limit on one whole call, streaming included.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    public LlmResilienceOptions Resilience { get; init; } = new();

    // Records print every property; the key must not reach a log that prints the options.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("ApiKey = ").Append(ApiKey.Length == 0 ? "(none)" : "(set)")
            .Append(", Model = ").Append(Model)
            .Append(", BaseUrl = ").Append(BaseUrl)
            .Append(", Timeout = ").Append(Timeout)
            .Append(", Resilience = ").Append(Resilience);
        return true;
    }
}
