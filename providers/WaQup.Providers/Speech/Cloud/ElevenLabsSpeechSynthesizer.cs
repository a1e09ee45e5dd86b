using System.Net.Http;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Polly;

namespace WaQup.Providers.Speech.Cloud;

/// <summary>Speaks with ElevenLabs' streaming text-to-speech endpoint, yielding its raw PCM16 24 kHz audio as it arrives.</summary>
/// <remarks>
/// Voices: "default" (or empty), "female" and "male" are the configured voice ids; a 20-letter-or-digit ElevenLabs voice id
/// is used as given; anything else (an espeak or OpenAI voice name left in a preference) falls back to the default voice,
/// so a stale preference never fails a session. The HttpClient's resilience handler may retry the request, which is safe
/// because no audio has been read yet; once audio has been yielded a broken stream fails the sentence, never repeats it.
/// </remarks>
public sealed class ElevenLabsSpeechSynthesizer : ISpeechSynthesizer
{
    /// <summary>The name under which usage is recorded.</summary>
    public const string ProviderName = "elevenlabs";

    private const string DisplayName = "ElevenLabs";
    private const int VoiceIdLength = 20;

    private static readonly JsonSerializerOptions Json = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly HttpClient _http;
    private readonly ElevenLabsOptions _options;
    private readonly ISpeechUsage? _usage;

    public ElevenLabsSpeechSynthesizer(HttpClient http, ElevenLabsOptions options, ISpeechUsage? usage = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ApiKey, nameof(options));
        _http = http;
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
        var body = await OpenBodyAsync(response, deadline).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            await foreach (var chunk in PcmBodyReader.ReadAsync(body, deadline, DisplayName).ConfigureAwait(false))
            {
                yield return chunk;
            }
        }
    }

    /// <summary>The ElevenLabs voice id a voice preference stands for.</summary>
    public string ResolveVoice(string? voice) =>
        VoicePreference.Resolve(voice, _options.DefaultVoiceId, _options.FemaleVoiceId, _options.MaleVoiceId, v => IsVoiceId(v) ? v : null);

    private static bool IsVoiceId(string voice) => voice.Length == VoiceIdLength && voice.All(char.IsAsciiLetterOrDigit);

    private async Task<HttpResponseMessage> SendAsync(string text, string voiceId, StreamDeadline deadline)
    {
        var uri = new Uri(BaseUrl(), $"v1/text-to-speech/{Uri.EscapeDataString(voiceId)}/stream?output_format=pcm_24000");
        using var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = JsonContent.Create(new TextToSpeechRequest(text, _options.ModelId, _options.VoiceSettings), options: Json),
        };
        request.Headers.Add("xi-api-key", _options.ApiKey);

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException exception) when (!deadline.Caller.IsCancellationRequested)
        {
            // Our first-byte limit, or the HttpClient's own Timeout when the client was not built by AddElevenLabsSpeech.
            throw new SpeechUnavailableException(
                deadline.Expired ? $"{DisplayName} sent no audio for {_options.FirstByteTimeout.TotalSeconds:0.###} s." : $"{DisplayName} did not answer in time.",
                exception);
        }
        catch (Exception exception) when ((exception is HttpRequestException or ExecutionRejectedException) && !deadline.Caller.IsCancellationRequested)
        {
            // ExecutionRejectedException: the resilience handler's open circuit or its timeouts.
            throw new SpeechUnavailableException(ProviderErrors.Redact($"{DisplayName} is unavailable: {exception.Message}", _options.ApiKey), exception);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var body = await ReadErrorAsync(response, deadline).ConfigureAwait(false);
            throw new SpeechUnavailableException(ProviderErrors.ElevenLabs((int)response.StatusCode, body, _options.ApiKey));
        }
    }

    private static async Task<string> ReadErrorAsync(HttpResponseMessage response, StreamDeadline deadline)
    {
        try
        {
            return await ProviderErrors.ReadBodyAsync(response.Content, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or HttpRequestException || (exception is OperationCanceledException && deadline.Expired))
        {
            return string.Empty;
        }
    }

    private static async Task<Stream> OpenBodyAsync(HttpResponseMessage response, StreamDeadline deadline)
    {
        try
        {
            return await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when ((exception is IOException or HttpRequestException) && !deadline.Caller.IsCancellationRequested)
        {
            throw new SpeechUnavailableException($"{DisplayName}'s audio stream broke off: {exception.Message}", exception);
        }
    }

    private Uri BaseUrl()
    {
        var baseUrl = _options.BaseUrl.ToString();
        return baseUrl.EndsWith('/') ? _options.BaseUrl : new Uri(baseUrl + "/");
    }

    private sealed record TextToSpeechRequest(
        [property: JsonPropertyName("text")] string Text,
        [property: JsonPropertyName("model_id")] string ModelId,
        [property: JsonPropertyName("voice_settings")] ElevenLabsVoiceSettings? VoiceSettings);
}
