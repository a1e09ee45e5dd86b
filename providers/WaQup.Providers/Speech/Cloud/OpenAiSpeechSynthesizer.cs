using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using OpenAI;
using OpenAI.Audio;
using Polly;

namespace WaQup.Providers.Speech.Cloud;

/// <summary>Speaks with OpenAI's speech endpoint through the official SDK's AudioClient, streaming its PCM as it arrives.</summary>
/// <remarks>
/// OpenAI's "pcm" format is 24 kHz 16-bit mono little-endian, our wire format as is. The SDK's convenience
/// GenerateSpeechAsync buffers the whole body into BinaryData, so this calls its protocol overload with an unbuffered
/// response and reads the chunked body as it streams (the SDK's SSE variant is experimental and gpt-4o-mini-tts only).
/// Voices: "default" (or empty), "female" and "male" are the configured voices; a voice OpenAI offers is used as given;
/// anything else falls back to the default. With an HttpClient from <see cref="CloudSpeechServiceCollectionExtensions.AddOpenAiSpeech"/>
/// the SDK's own retries are off because that client's resilience handler retries, with a circuit breaker; without one
/// the SDK's default retry policy applies.
/// </remarks>
public sealed class OpenAiSpeechSynthesizer : ISpeechSynthesizer
{
    /// <summary>The name under which usage is recorded.</summary>
    public const string ProviderName = "openai";

    private const string DisplayName = "OpenAI";

    private static readonly HashSet<string> Voices = new(StringComparer.OrdinalIgnoreCase)
    {
        "alloy", "ash", "ballad", "cedar", "coral", "echo", "fable", "marin", "nova", "onyx", "sage", "shimmer", "verse",
    };

    private static readonly JsonSerializerOptions Json = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly AudioClient _client;
    private readonly OpenAiSpeechOptions _options;
    private readonly ISpeechUsage? _usage;

    public OpenAiSpeechSynthesizer(OpenAiSpeechOptions options, HttpClient? http = null, ISpeechUsage? usage = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ApiKey, nameof(options));
        var clientOptions = new OpenAIClientOptions();
        if (options.Endpoint is { } endpoint)
        {
            clientOptions.Endpoint = endpoint;
        }

        if (http is not null)
        {
            clientOptions.Transport = new HttpClientPipelineTransport(http);
            clientOptions.RetryPolicy = new ClientRetryPolicy(maxRetries: 0);
        }

        _client = new AudioClient(options.Model, new ApiKeyCredential(options.ApiKey), clientOptions);
        _options = options;
        _usage = usage;
    }

    /// <summary>Yields nothing, and sends nothing, for text that is empty or only whitespace.</summary>
    public async IAsyncEnumerable<ReadOnlyMemory<byte>> SynthesizeAsync(
        string text,
        string voice,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text))
        {
            yield break;
        }

        using var deadline = new StreamDeadline(_options.FirstByteTimeout, _options.StallTimeout, cancellationToken);
        using var response = await SendAsync(text, ResolveVoice(voice), deadline).ConfigureAwait(false);
        _usage?.Record(ProviderName, text.Length);
        var body = response.ContentStream ?? throw new SpeechUnavailableException($"{DisplayName} returned no audio.");
        await using (body.ConfigureAwait(false))
        {
            await foreach (var chunk in PcmBodyReader.ReadAsync(body, deadline, DisplayName).ConfigureAwait(false))
            {
                yield return chunk;
            }
        }
    }

    /// <summary>The OpenAI voice a voice preference stands for.</summary>
    public string ResolveVoice(string? voice) =>
        VoicePreference.Resolve(voice, _options.DefaultVoice, _options.FemaleVoice, _options.MaleVoice, v => Voices.Contains(v) ? v.ToLowerInvariant() : null);

    private async Task<PipelineResponse> SendAsync(string text, string voice, StreamDeadline deadline)
    {
        var request = new SpeechRequest(_options.Model, text, voice, "pcm", _options.Instructions);
        using var content = BinaryContent.Create(BinaryData.FromObjectAsJson(request, Json));
        var requestOptions = new RequestOptions
        {
            BufferResponse = false,
            ErrorOptions = ClientErrorBehaviors.NoThrow,
            CancellationToken = deadline.Token,
        };

        PipelineResponse response;
        try
        {
            var result = await _client.GenerateSpeechAsync(content, requestOptions).ConfigureAwait(false);
            response = result.GetRawResponse();
        }
        catch (OperationCanceledException exception) when (!deadline.Caller.IsCancellationRequested)
        {
            throw new SpeechUnavailableException(
                deadline.Expired ? $"{DisplayName} sent no audio for {_options.FirstByteTimeout.TotalSeconds:0.###} s." : $"{DisplayName} did not answer in time.",
                exception);
        }
        catch (Exception exception) when ((exception is ClientResultException or HttpRequestException or IOException or ExecutionRejectedException) && !deadline.Caller.IsCancellationRequested)
        {
            // ExecutionRejectedException: the resilience handler's open circuit or its timeouts.
            throw new SpeechUnavailableException(ProviderErrors.Redact($"{DisplayName} is unavailable: {exception.Message}", _options.ApiKey), exception);
        }

        if (!response.IsError)
        {
            return response;
        }

        using (response)
        {
            var body = await ReadErrorAsync(response, deadline).ConfigureAwait(false);
            throw new SpeechUnavailableException(ProviderErrors.OpenAi(response.Status, body, _options.ApiKey));
        }
    }

    private static async Task<string> ReadErrorAsync(PipelineResponse response, StreamDeadline deadline)
    {
        try
        {
            return await ProviderErrors.ReadBodyAsync(response.ContentStream, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or HttpRequestException || (exception is OperationCanceledException && deadline.Expired))
        {
            return string.Empty;
        }
    }

    private sealed record SpeechRequest(
        [property: JsonPropertyName("model")] string Model,
        [property: JsonPropertyName("input")] string Input,
        [property: JsonPropertyName("voice")] string Voice,
        [property: JsonPropertyName("response_format")] string ResponseFormat,
        [property: JsonPropertyName("instructions")] string? Instructions);
}
