using System.Text;
using WaQup.Providers.Speech.Cloud;

namespace WaQup.Providers.Recognition.Cloud;

/// <summary>How to reach OpenAI transcription: the key, the model, the language and how long an utterance may wait for it.</summary>
public sealed record OpenAiRecognitionOptions
{
    /// <summary>Sent as a bearer token; comes from the environment (OPENAI_API_KEY), never from a file.</summary>
    public string ApiKey { get; init; } = string.Empty;

    public string Model { get; init; } = "gpt-4o-mini-transcribe";

    /// <summary>The API root including its version segment; null is OpenAI's own (https://api.openai.com/v1).</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>ISO-639-1 language of the speech; naming it improves accuracy and latency. Null lets OpenAI guess.</summary>
    public string? Language { get; init; } = "en";

    /// <summary>
    /// The longest an utterance waits for OpenAI, retries and reading the answer included; after it the fallback hears it.
    /// Keep it above <see cref="SpeechResilienceOptions.TotalTimeout"/>, which bounds only the wait for response headers.
    /// </summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(25);

    /// <summary>Used by <see cref="CloudRecognitionServiceCollectionExtensions.AddOpenAiRecognition"/>, per HTTP request.</summary>
    /// <remarks>An upload and its transcription take longer than a sentence's first audio, so the attempts get more time.</remarks>
    public SpeechResilienceOptions Resilience { get; init; } = new()
    {
        AttemptTimeout = TimeSpan.FromSeconds(10),
        TotalTimeout = TimeSpan.FromSeconds(22),
    };

    // Records print every property; the key must not reach a log that prints the options.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("ApiKey = ").Append(ApiKey.Length == 0 ? "(none)" : "(set)")
            .Append(", Model = ").Append(Model)
            .Append(", Endpoint = ").Append(Endpoint)
            .Append(", Language = ").Append(Language)
            .Append(", Timeout = ").Append(Timeout)
            .Append(", Resilience = ").Append(Resilience);
        return true;
    }
}
