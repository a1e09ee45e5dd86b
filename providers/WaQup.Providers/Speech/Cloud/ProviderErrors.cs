using System.Net.Http;
using System.Text;
using System.Text.Json;

namespace WaQup.Providers.Speech.Cloud;

/// <summary>Turns a provider's error response into a message fit for logs: their own words, bounded, without the key.</summary>
internal static class ProviderErrors
{
    private const int MaxBodyChars = 4096;
    private const int MaxRawChars = 300;

    public static async Task<string> ReadBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return await ReadBodyAsync(stream, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<string> ReadBodyAsync(Stream? stream, CancellationToken cancellationToken)
    {
        if (stream is null)
        {
            return string.Empty;
        }

        using var reader = new StreamReader(stream, Encoding.UTF8);
        var buffer = new char[MaxBodyChars];
        var length = await reader.ReadBlockAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
        return new string(buffer, 0, length);
    }

    /// <summary>ElevenLabs answers {"detail": {"status", "message"}}, or FastAPI's {"detail": [{"msg"}]} for a malformed body.</summary>
    public static string ElevenLabs(int status, string body, string apiKey)
    {
        string? code = null;
        string? message = null;
        if (TryParse(body) is { } document)
        {
            using (document)
            {
                if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("detail", out var detail))
                {
                    switch (detail.ValueKind)
                    {
                        case JsonValueKind.Object:
                            code = Text(detail, "status");
                            message = Text(detail, "message");
                            break;
                        case JsonValueKind.String:
                            message = detail.GetString();
                            break;
                        case JsonValueKind.Array:
                            message = string.Join("; ", detail.EnumerateArray().Select(item => Text(item, "msg")).OfType<string>());
                            break;
                    }
                }
            }
        }

        return Describe("ElevenLabs", status, code, message, body, apiKey);
    }

    /// <summary>OpenAI answers {"error": {"message", "type", "param", "code"}}.</summary>
    public static string OpenAi(int status, string body, string apiKey)
    {
        string? code = null;
        string? message = null;
        if (TryParse(body) is { } document)
        {
            using (document)
            {
                if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out var error))
                {
                    code = Text(error, "code") ?? Text(error, "type");
                    message = Text(error, "message");
                }
            }
        }

        return Describe("OpenAI", status, code, message, body, apiKey);
    }

    /// <summary>Some services echo the credential they rejected; it must never reach a log or a client.</summary>
    public static string Redact(string text, string secret) =>
        string.IsNullOrEmpty(secret) ? text : text.Replace(secret, "[redacted]", StringComparison.Ordinal);

    private static string Describe(string provider, int status, string? code, string? message, string body, string apiKey)
    {
        var said = string.IsNullOrWhiteSpace(message) ? Raw(body) : message.Trim();
        var text = code is null ? $"{provider} answered {status}: {said}" : $"{provider} answered {status} ({code}): {said}";
        return Redact(text, apiKey);
    }

    private static string Raw(string body)
    {
        var trimmed = body.Trim();
        if (trimmed.Length == 0)
        {
            return "no details.";
        }

        return trimmed.Length <= MaxRawChars ? trimmed : string.Concat(trimmed.AsSpan(0, MaxRawChars), "…");
    }

    private static JsonDocument? TryParse(string body)
    {
        try
        {
            return body.Length == 0 ? null : JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
