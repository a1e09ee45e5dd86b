using System.Runtime.CompilerServices;
using System.Text.Json;
using Anthropic;
using Anthropic.Core;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;

namespace WaQup.Providers.Content.Llm;

/// <summary>Anthropic's messages API, streamed through the official SDK.</summary>
internal sealed class AnthropicTextSource : ILlmTextSource, IDisposable
{
    private readonly AnthropicClient _client;
    private readonly string _apiKey;

    public AnthropicTextSource(AnthropicContentOptions options)
    {
        _apiKey = options.ApiKey;
        Model = options.Model;
        _client = new AnthropicClient(new ClientOptions
        {
            // Both set explicitly, so no credential or base URL is read from the environment (ANTHROPIC_AUTH_TOKEN, ANTHROPIC_BASE_URL).
            ApiKey = options.ApiKey,
            BaseUrl = options.BaseUrl.ToString().TrimEnd('/'),
            Timeout = options.Timeout,

            // Retries are LlmScriptStream's: the SDK's would repeat them, blind to whether speech has begun.
            MaxRetries = 0,
            Handlers = [new RetryAfterCapture()],
        });
    }

    public string Provider => "Anthropic";

    public string Model { get; }

    public async IAsyncEnumerable<string> StreamAsync(ScriptPrompt prompt, LlmAttempt attempt, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var parameters = new MessageCreateParams
        {
            Model = Model,
            MaxTokens = prompt.MaxOutputTokens,
            System = prompt.System,
            Messages = [new UserMessageParam { Content = prompt.User }],
        };

        await foreach (var streamEvent in _client.Messages.CreateStreaming(parameters, cancellationToken).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (streamEvent.TryPickContentBlockDelta(out var block))
            {
                if (block.Delta.TryPickText(out var text) && !string.IsNullOrEmpty(text.Text))
                {
                    yield return text.Text;
                }
            }
            else if (streamEvent.TryPickStart(out var start))
            {
                attempt.InputTokens = (int)start.Message.Usage.InputTokens;
            }
            else if (streamEvent.TryPickDelta(out var delta))
            {
                attempt.OutputTokens = (int)delta.Usage.OutputTokens;
                attempt.Truncated = delta.Delta.StopReason is { } reason && reason.Raw() != "end_turn" && reason.Raw() != "stop_sequence";
            }
            else if (streamEvent.TryPickStop(out _))
            {
                attempt.Finished = true;
            }
        }
    }

    public async Task<string?> AskForObjectAsync(StructuredPrompt prompt, LlmAttempt attempt, CancellationToken cancellationToken)
    {
        // Anthropic's structured answer is a tool call the model is made to make: its input is the object.
        using var schema = JsonDocument.Parse(prompt.Schema);
        var root = schema.RootElement;
        var parameters = new MessageCreateParams
        {
            Model = Model,
            MaxTokens = prompt.MaxOutputTokens,
            System = prompt.System,
            Messages = [new UserMessageParam { Content = prompt.User }],
            Tools =
            [
                new Tool
                {
                    Name = prompt.Name,
                    Description = prompt.Description,
                    InputSchema = new InputSchema
                    {
                        Properties = root.GetProperty("properties").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone()),
                        Required = [.. root.GetProperty("required").EnumerateArray().Select(r => r.GetString()!)],
                    },
                },
            ],
            ToolChoice = new ToolChoiceTool(prompt.Name),
        };

        var message = await _client.Messages.Create(parameters, cancellationToken).ConfigureAwait(false);
        attempt.InputTokens = (int)message.Usage.InputTokens;
        attempt.OutputTokens = (int)message.Usage.OutputTokens;
        attempt.Finished = true;
        attempt.Truncated = message.StopReason is { } reason && reason.Raw() == "max_tokens";
        foreach (var block in message.Content)
        {
            if (block.TryPickToolUse(out var call) && call.Name == prompt.Name && !attempt.Truncated)
            {
                return JsonSerializer.Serialize(call.Input);
            }
        }

        return null;
    }

    public LlmCallException Describe(Exception error, LlmAttempt attempt) => error switch
    {
        AnthropicApiException failure =>
            ProviderError.FromStatus(Provider, (int)failure.StatusCode, failure.ResponseBody, attempt.RetryAfter, _apiKey),
        AnthropicSseException failure => FromStreamError(failure.Type?.Raw()),
        AnthropicIOException or HttpRequestException or IOException =>
            new LlmCallException($"could not reach Anthropic: {ProviderError.Scrub(error.Message, _apiKey)}", transient: true, inner: error),
        OperationCanceledException => new LlmCallException("Anthropic timed out", transient: true, inner: error),
        _ => new LlmCallException($"Anthropic's answer could not be read ({error.GetType().Name})", transient: false, inner: error),
    };

    /// <summary>An "event: error" inside a stream that had started well, such as overloaded_error.</summary>
    private static LlmCallException FromStreamError(string? type) => new(
        $"Anthropic stopped the stream with {type ?? "an error"}",
        transient: type is null or "overloaded_error" or "api_error" or "rate_limit_error" or "timeout_error");

    public void Dispose() => _client.Dispose();
}
