using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net.Http;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenAI;
using OpenAI.Audio;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;
using WaQup.Abstractions.Voice;
using WaQup.Providers.Speech.Cloud;

namespace WaQup.Providers.Recognition.Cloud;

/// <summary>
/// Recognises speech with OpenAI's transcription endpoint through the official SDK's AudioClient; when OpenAI cannot
/// hear an utterance, the fallback recogniser (the embedded one) is given the same audio instead.
/// </summary>
/// <remarks>
/// OpenAI transcribes whole files, so an utterance's audio is kept until it ends and then sent as one WAV file; no
/// partial transcripts are heard. With an HttpClient from <see cref="CloudRecognitionServiceCollectionExtensions.AddOpenAiRecognition"/>
/// the SDK's own retries are off, because that client's resilience handler retries, with a circuit breaker.
/// </remarks>
public sealed class OpenAiSpeechRecognizer : ISpeechRecognizer
{
    /// <summary>The <see cref="Transcript.Recognizer"/> of what OpenAI heard.</summary>
    public const string RecognizerName = "openai";

    /// <summary>The longest utterance kept; audio past it is dropped (about 9.6 MB, well under OpenAI's 25 MB per file).</summary>
    public static readonly TimeSpan MaxUtterance = TimeSpan.FromMinutes(5);

    /// <summary>OpenAI refuses shorter files (audio_too_short), and nobody says a word in less.</summary>
    public static readonly TimeSpan MinUtterance = TimeSpan.FromMilliseconds(100);

    private const string DisplayName = "OpenAI";
    private const string FileName = "utterance.wav";

    private static readonly int MaxAudioBytes = (int)MaxUtterance.TotalMilliseconds * MicrophoneFormat.BytesPerMillisecond;
    private static readonly int MinAudioBytes = (int)MinUtterance.TotalMilliseconds * MicrophoneFormat.BytesPerMillisecond;

    private readonly AudioClient _client;
    private readonly OpenAiRecognitionOptions _options;
    private readonly ISpeechRecognizer? _fallback;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    /// <param name="fallback">Hears an utterance OpenAI could not; without one such an utterance is unavailable.</param>
    public OpenAiSpeechRecognizer(
        OpenAiRecognitionOptions options,
        HttpClient? http = null,
        ISpeechRecognizer? fallback = null,
        ILogger<OpenAiSpeechRecognizer>? logger = null,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ApiKey, nameof(options));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Model, nameof(options));
        // Null is the SDK's default for each: OpenAI's own endpoint, its transport and its retry policy.
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = options.Endpoint,
            Transport = http is null ? null : new HttpClientPipelineTransport(http),
            RetryPolicy = http is null ? null : new ClientRetryPolicy(maxRetries: 0),
        };
        _client = new AudioClient(options.Model, new ApiKeyCredential(options.ApiKey), clientOptions);
        _options = options;
        _fallback = fallback;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Opens an utterance; <paramref name="partial"/> is never called, as OpenAI hears the utterance only once it ends.</summary>
    public IUtteranceRecognition Begin(Action<string>? partial = null, Speaker? speaker = null) => new OpenAiUtterance(this, MaxAudioBytes, speaker);

    internal async Task<Transcript> RecognizeAsync(WavUtteranceBuffer audio, Speaker? speaker, CancellationToken cancellationToken)
    {
        var audioMs = audio.AudioBytes / MicrophoneFormat.BytesPerMillisecond;
        if (audio.Truncated)
        {
            _logger.LogWarning("An utterance ran past {MaxSeconds} s; only that much of it is recognised", MaxUtterance.TotalSeconds);
        }

        if (audio.AudioBytes < MinAudioBytes)
        {
            return new Transcript(string.Empty, audioMs, RecognizerName);
        }

        Exception failure;
        try
        {
            return new Transcript(await TranscribeAsync(audio, cancellationToken).ConfigureAwait(false), audioMs, RecognizerName);
        }
        catch (Exception exception) when (IsCloudFailure(exception) && !cancellationToken.IsCancellationRequested)
        {
            failure = exception;
        }

        var reason = Describe(failure);
        if (_fallback is null)
        {
            // A refusal's exception can quote the request's key back, so only the redacted reason goes on.
            throw new RecognitionUnavailableException($"{reason}; there is no fallback recogniser.", failure is ClientResultException ? null : failure);
        }

        _logger.LogWarning("{Reason}; the fallback recogniser hears the utterance of {AudioMs} ms instead", reason, audioMs);
        var recognition = _fallback.Begin(speaker: speaker);
        await using (recognition.ConfigureAwait(false))
        {
            recognition.Write(audio.Pcm);
            return await recognition.FinishAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<string> TranscribeAsync(WavUtteranceBuffer audio, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.Timeout, _time);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var wav = audio.OpenWav();
        // gpt-4o-transcribe and gpt-4o-mini-transcribe answer only json: {"text": ..., "usage": ...}.
        var request = new AudioTranscriptionOptions
        {
            // An empty setting from configuration means the same as none: let OpenAI tell the language.
            Language = string.IsNullOrWhiteSpace(_options.Language) ? null : _options.Language,
            ResponseFormat = AudioTranscriptionFormat.Simple,
        };
        var result = await _client.TranscribeAudioAsync(wav, FileName, request, deadline.Token).ConfigureAwait(false);
        return result.Value.Text?.Trim() ?? string.Empty;
    }

    // Anything the call itself can throw, from the wire to the answer; the caller's own cancellation is not among them.
    private static bool IsCloudFailure(Exception exception) =>
        exception is ClientResultException or HttpRequestException or IOException or ExecutionRejectedException
            or OperationCanceledException or JsonException or FormatException;

    private string Describe(Exception failure) => failure switch
    {
        ClientResultException { Status: > 0 } refusal => ProviderErrors.OpenAi(refusal.Status, refusal.GetRawResponse()?.Content?.ToString() ?? string.Empty, _options.ApiKey),
        BrokenCircuitException => $"{DisplayName} is failing repeatedly, so its circuit is open",
        TimeoutRejectedException => $"{DisplayName} did not answer in time",
        OperationCanceledException => $"{DisplayName} did not transcribe within {_options.Timeout.TotalSeconds:0.###} s",
        JsonException or FormatException => $"{DisplayName}'s answer could not be read",
        _ => ProviderErrors.Redact($"{DisplayName} is unavailable: {failure.Message}", _options.ApiKey),
    };
}
