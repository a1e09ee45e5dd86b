using System.ClientModel;
using System.ClientModel.Primitives;
using System.Runtime.CompilerServices;
using OpenAI;
using OpenAI.Chat;

namespace WaQup.Providers.Content.Llm;

/// <summary>OpenAI's chat completions, streamed through the official SDK.</summary>
internal sealed class OpenAiTextSource : ILlmTextSource
{
    private readonly ChatClient _chat;
    private readonly string _apiKey;

    public OpenAiTextSource(OpenAiContentOptions options)
    {
        var clientOptions = new OpenAIClientOptions
        {
            // Retries are LlmScriptStream's: the SDK's would repeat them, blind to whether speech has begun.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        };
        if (options.Endpoint is { } endpoint)
        {
            clientOptions.Endpoint = endpoint;
        }

        if (options.NetworkTimeout is { } timeout)
        {
            clientOptions.NetworkTimeout = timeout;
        }

        _apiKey = options.ApiKey;
        Model = options.Model;
        _chat = new ChatClient(options.Model, new ApiKeyCredential(options.ApiKey), clientOptions);
    }

    public string Provider => "OpenAI";

    public string Model { get; }

    public async IAsyncEnumerable<string> StreamAsync(ScriptPrompt prompt, LlmAttempt attempt, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ChatMessage[] messages = [new SystemChatMessage(prompt.System), new UserChatMessage(prompt.User)];
        var options = new ChatCompletionOptions { MaxOutputTokenCount = prompt.MaxOutputTokens };

        // The SDK asks for usage in the stream (stream_options.include_usage); it comes in a last chunk without choices.
        await foreach (var update in _chat.CompleteChatStreamingAsync(messages, options, cancellationToken).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (update.Usage is { } usage)
            {
                attempt.InputTokens = usage.InputTokenCount;
                attempt.OutputTokens = usage.OutputTokenCount;
            }

            if (update.FinishReason is { } reason)
            {
                attempt.Finished = true;
                attempt.Truncated = reason != ChatFinishReason.Stop;
            }

            foreach (var part in update.ContentUpdate)
            {
                if (part.Kind == ChatMessageContentPartKind.Text && !string.IsNullOrEmpty(part.Text))
                {
                    yield return part.Text;
                }
            }
        }
    }

    public async Task<string?> AskForObjectAsync(StructuredPrompt prompt, LlmAttempt attempt, CancellationToken cancellationToken)
    {
        ChatMessage[] messages = [new SystemChatMessage(prompt.System), new UserChatMessage(prompt.User)];
        var options = new ChatCompletionOptions
        {
            MaxOutputTokenCount = prompt.MaxOutputTokens,
            Temperature = 0,

            // Structured output: with a strict schema the answer is an object of exactly this shape, or a refusal.
            ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat(
                prompt.Name, BinaryData.FromString(prompt.Schema), prompt.Description, jsonSchemaIsStrict: true),
        };
        ChatCompletion completion = await _chat.CompleteChatAsync(messages, options, cancellationToken).ConfigureAwait(false);
        if (completion.Usage is { } usage)
        {
            attempt.InputTokens = usage.InputTokenCount;
            attempt.OutputTokens = usage.OutputTokenCount;
        }

        attempt.Finished = true;
        attempt.Truncated = completion.FinishReason != ChatFinishReason.Stop;
        if (completion.Refusal is { Length: > 0 } || attempt.Truncated)
        {
            return null;
        }

        var text = string.Concat(completion.Content.Where(p => p.Kind == ChatMessageContentPartKind.Text).Select(p => p.Text));
        return text.Length == 0 ? null : text;
    }

    public LlmCallException Describe(Exception error, LlmAttempt attempt) => error switch
    {
        ClientResultException { Status: > 0 } failure => FromStatus(failure),
        ClientResultException or HttpRequestException or IOException =>
            new LlmCallException($"could not reach OpenAI: {ProviderError.Scrub(error.Message, _apiKey)}", transient: true, inner: error),
        OperationCanceledException => new LlmCallException("OpenAI timed out", transient: true, inner: error),
        _ => new LlmCallException($"OpenAI's answer could not be read ({error.GetType().Name})", transient: false, inner: error),
    };

    private LlmCallException FromStatus(ClientResultException failure)
    {
        var response = failure.GetRawResponse();
        string? body = null;
        TimeSpan? retryAfter = null;
        if (response is not null)
        {
            // Error responses are buffered by the SDK before it throws, so their content can be read here.
            body = response.Content?.ToString();
            response.Headers.TryGetValue("retry-after-ms", out var milliseconds);
            response.Headers.TryGetValue("retry-after", out var value);
            retryAfter = RetryAfter.Parse(milliseconds, value, DateTimeOffset.UtcNow);
        }

        return ProviderError.FromStatus(Provider, failure.Status, body, retryAfter, _apiKey);
    }
}
