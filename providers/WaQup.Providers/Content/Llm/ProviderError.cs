using System.Text.Json;
using System.Text.RegularExpressions;

namespace WaQup.Providers.Content.Llm;

/// <summary>Reads the providers' error bodies and says what went wrong in words that are safe to log and show.</summary>
/// <remarks>
/// OpenAI answers <c>{"error": {"message", "type", "code"}}</c>; Anthropic answers
/// <c>{"type": "error", "error": {"type", "message"}}</c>. Both shapes have an "error" object with a type and a message.
/// </remarks>
internal static partial class ProviderError
{
    private const int MaxDetailLength = 300;

    /// <summary>The failure behind an HTTP status, with the provider's own explanation where it is safe to repeat.</summary>
    public static LlmCallException FromStatus(string provider, int status, string? body, TimeSpan? retryAfter, string apiKey)
    {
        var (type, code, message) = Parse(body);
        var kind = string.Join(", ", new[] { type, code }.Where(s => !string.IsNullOrEmpty(s)).Distinct());
        var label = kind.Length == 0 ? $"{status}" : $"{status} ({kind})";
        if (status is 401 or 403)
        {
            // The explanation of a rejected key can quote part of the key, so it is not repeated.
            return new LlmCallException($"{provider} rejected the API key: {label}", transient: false);
        }

        // A 429 for an exhausted quota will not clear by waiting; one for a rate limit will.
        var transient = (status is 408 or 409 or 429 or >= 500) && code != "insufficient_quota" && type != "insufficient_quota";
        var detail = message is null ? string.Empty : ": " + Scrub(message, apiKey);
        return new LlmCallException($"{provider} answered {label}{detail}", transient, retryAfter);
    }

    /// <summary>Removes the key, and anything shaped like a provider key, from text that is about to be shown.</summary>
    public static string Scrub(string text, string apiKey)
    {
        var scrubbed = apiKey.Length == 0 ? text : text.Replace(apiKey, "***", StringComparison.Ordinal);
        scrubbed = KeyLike().Replace(scrubbed, "***");
        return scrubbed.Length <= MaxDetailLength ? scrubbed : scrubbed[..MaxDetailLength] + "…";
    }

    private static (string? Type, string? Code, string? Message) Parse(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return default;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("error", out var error)
                || error.ValueKind != JsonValueKind.Object)
            {
                return default;
            }

            return (Text(error, "type"), Text(error, "code"), Text(error, "message"));
        }
        catch (JsonException)
        {
            // Not the documented shape (a proxy's HTML page, say): the status alone has to do.
            return default;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    [GeneratedRegex(@"\bsk-[A-Za-z0-9_\-*]{6,}")]
    private static partial Regex KeyLike();
}
