using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using WaQup.Abstractions.Voice;
using WaQup.Providers.Recognition.Cloud;
using WaQup.Tests.CloudSpeech;
using WaQup.Tests.Infrastructure;
using static WaQup.Tests.CloudSpeech.Listener;

namespace WaQup.Tests.Recognition;

/// <summary><see cref="OpenAiSpeechRecognizer"/> as <see cref="CloudRecognitionServiceCollectionExtensions.AddOpenAiRecognition"/> registers it.</summary>
public sealed class OpenAiRecognizerTests
{
    private const string Words = "I would like a calm morning ritual.";

    // A second of speech: well over OpenAI's shortest file.
    private static readonly byte[] Speech = SpeechWire.Pcm(16_000);

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task An_utterance_is_sent_as_one_WAV_of_exactly_its_audio_with_the_model_language_and_key()
    {
        await using var server = await TranscriptionServer.StartAsync((context, _) => TranscriptionWire.TextAsync(context, Words));
        await using var services = Services(Options(server));
        var recognition = services.GetRequiredService<ISpeechRecognizer>().Begin();
        await using (recognition)
        {
            // In 20 ms frames, as the microphone sends it.
            foreach (var piece in Speech.Chunk(640))
            {
                recognition.Write(piece);
            }

            var transcript = await recognition.FinishAsync(TestCancellation);

            Assert.Equal(new Transcript(Words, 1000, OpenAiSpeechRecognizer.RecognizerName), transcript);
        }

        var request = Assert.Single(server.Requests);
        Assert.Equal($"Bearer {ProviderHost.OpenAiKey}", request.Authorization);
        Assert.Equal("gpt-4o-mini-transcribe", request.Fields["model"]);
        Assert.Equal("en", request.Fields["language"]);
        Assert.Equal("json", request.Fields["response_format"]);
        Assert.EndsWith(".wav", request.FileName, StringComparison.Ordinal);
        Assert.Equal(Speech, await TranscriptionWire.PcmOfAsync(request.File));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task The_model_is_configurable_and_no_language_lets_OpenAI_guess()
    {
        await using var server = await TranscriptionServer.StartAsync((context, _) => TranscriptionWire.TextAsync(context, Words));
        await using var services = Services(Options(server) with { Model = "gpt-4o-transcribe", Language = "" });

        await HearAsync(services, Speech);

        var request = Assert.Single(server.Requests);
        Assert.Equal("gpt-4o-transcribe", request.Fields["model"]);
        Assert.False(request.Fields.ContainsKey("language"));
    }

    [Theory(Timeout = TestTimeouts.Default)]
    [InlineData("")]
    [InlineData(" \n ")]
    public async Task A_transcript_without_words_is_empty(string text)
    {
        await using var server = await TranscriptionServer.StartAsync((context, _) => TranscriptionWire.TextAsync(context, text));
        await using var services = Services(Options(server));

        var transcript = await HearAsync(services, Speech);

        Assert.Equal(new Transcript(string.Empty, 1000, OpenAiSpeechRecognizer.RecognizerName), transcript);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_rate_limit_is_waited_out_as_long_as_OpenAI_asks_then_its_words_are_heard()
    {
        var clock = new FakeTimeProvider();
        var wait = TimeSpan.FromMilliseconds(2500);
        await using var server = await TranscriptionServer.StartAsync(
            (context, request) => request.Number == 1 ? TranscriptionWire.RateLimitedAsync(context, wait) : TranscriptionWire.TextAsync(context, Words),
            clock);
        var fallback = new RecordingRecognizer();
        // Only this test moves the fake clock, so no timeout but the rate limit's wait can pass on it.
        var options = Options(server) with
        {
            Timeout = TimeSpan.FromHours(1),
            Resilience = ProviderHost.Resilience with { AttemptTimeout = TimeSpan.FromMinutes(10), TotalTimeout = TimeSpan.FromMinutes(30) },
        };
        await using var services = Services(options, fallback, clock);

        var hearing = HearAsync(services, Speech);
        // The retry waits on the fake clock: move it on in small steps until the second request arrives.
        await Until.TrueAsync(
            () =>
            {
                if (server.Requests.Count >= 2 || hearing.IsCompleted)
                {
                    return true;
                }

                clock.Advance(TimeSpan.FromMilliseconds(500));
                return false;
            },
            Patience,
            "OpenAI is asked again once the rate limit has passed");
        var transcript = await hearing.WaitAsync(Patience, TestCancellation);

        Assert.Equal(Words, transcript.Text);
        var requests = server.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.True(requests[1].At - requests[0].At >= wait, $"Asked again after {requests[1].At - requests[0].At}, not the {wait} OpenAI asked for.");
        Assert.Equal(requests[0].File, requests[1].File);
        Assert.Empty(fallback.Heard);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task The_wait_in_milliseconds_is_preferred_to_the_rounded_up_Retry_After()
    {
        await using var server = await TranscriptionServer.StartAsync((context, request) => request.Number == 1
            ? TranscriptionWire.RateLimitedAsync(context, TimeSpan.FromMilliseconds(50), retryAfter: "1")
            : TranscriptionWire.TextAsync(context, Words));
        var fallback = new RecordingRecognizer();
        // Retry-After's whole second would be longer than the client waits; retry-after-ms is not.
        var options = Options(server) with { Resilience = ProviderHost.Resilience with { MaxRetryAfter = TimeSpan.FromMilliseconds(500) } };
        await using var services = Services(options, fallback);

        var transcript = await HearAsync(services, Speech);

        Assert.Equal(Words, transcript.Text);
        Assert.Equal(2, server.Requests.Count);
        Assert.Empty(fallback.Heard);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_rate_limit_longer_than_the_client_waits_goes_to_the_fallback_at_once()
    {
        await using var server = await TranscriptionServer.StartAsync((context, _) => TranscriptionWire.RateLimitedAsync(context, TimeSpan.FromMinutes(2)));
        var fallback = new RecordingRecognizer();
        await using var services = Services(Options(server), fallback);

        var transcript = await HearAsync(services, Speech);

        Assert.Equal(RecordingRecognizer.Name, transcript.Recognizer);
        Assert.Single(server.Requests);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Server_errors_are_retried_with_the_same_file_until_OpenAI_answers()
    {
        await using var server = await TranscriptionServer.StartAsync((context, request) => request.Number switch
        {
            1 => TranscriptionWire.ServerErrorAsync(context),
            2 => TranscriptionWire.OverloadedAsync(context),
            _ => TranscriptionWire.TextAsync(context, Words),
        });
        var fallback = new RecordingRecognizer();
        await using var services = Services(Options(server), fallback);

        var transcript = await HearAsync(services, Speech);

        Assert.Equal(new Transcript(Words, 1000, OpenAiSpeechRecognizer.RecognizerName), transcript);
        var requests = server.Requests.ToArray();
        Assert.Equal(3, requests.Length);
        Assert.All(requests, request => Assert.Equal(requests[0].File, request.File));
        Assert.Equal(Speech, await TranscriptionWire.PcmOfAsync(requests[^1].File));
        Assert.Empty(fallback.Heard);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task When_OpenAI_keeps_failing_the_fallback_hears_exactly_the_same_audio()
    {
        await using var server = await TranscriptionServer.StartAsync((context, _) => TranscriptionWire.ServerErrorAsync(context));
        var fallback = new RecordingRecognizer();
        await using var services = Services(Options(server), fallback);

        var transcript = await HearAsync(services, Speech);

        Assert.Equal(new Transcript("breathe in slowly", 1000, RecordingRecognizer.Name), transcript);
        Assert.Equal(Speech, Assert.Single(fallback.Heard));
        Assert.Equal(1 + ProviderHost.Resilience.MaxRetryAttempts, server.Requests.Count);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_rejected_key_is_not_retried_and_the_fallback_hears_the_utterance_with_a_warning_that_hides_the_key()
    {
        await using var server = await TranscriptionServer.StartAsync((context, _) => RejectKeyAsync(context));
        var fallback = new RecordingRecognizer();
        var logger = new ListLogger<OpenAiSpeechRecognizer>();
        await using var services = Services(Options(server), fallback, logger: logger);

        var transcript = await HearAsync(services, Speech);

        Assert.Equal(RecordingRecognizer.Name, transcript.Recognizer);
        Assert.Equal(Speech, Assert.Single(fallback.Heard));
        Assert.Single(server.Requests);
        var warning = Assert.Single(logger.Entries, entry => entry.Level == LogLevel.Warning);
        Assert.Contains("OpenAI answered 401 (invalid_api_key)", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ProviderHost.OpenAiKey, warning.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Without_a_fallback_an_utterance_OpenAI_cannot_hear_is_unavailable_and_the_error_hides_the_key()
    {
        await using var server = await TranscriptionServer.StartAsync((context, _) => RejectKeyAsync(context));
        await using var services = Services(Options(server), fallback: null);

        var error = await Assert.ThrowsAsync<RecognitionUnavailableException>(() => HearAsync(services, Speech));

        Assert.Contains("OpenAI answered 401 (invalid_api_key): Incorrect API key provided", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ProviderHost.OpenAiKey, error.ToString(), StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_stalled_OpenAI_is_cut_by_the_attempt_timeout_tried_again_then_left_to_the_fallback()
    {
        await using var server = await TranscriptionServer.StartAsync((context, _) => SpeechWire.WaitForClientToLeaveAsync(context, Gate()));
        var fallback = new RecordingRecognizer();
        var options = Options(server) with
        {
            Resilience = ProviderHost.Resilience with
            {
                MaxRetryAttempts = 1,
                AttemptTimeout = TimeSpan.FromMilliseconds(300),
                TotalTimeout = TimeSpan.FromSeconds(5),
            },
        };
        await using var services = Services(options, fallback);
        var clock = Stopwatch.StartNew();

        var transcript = await HearAsync(services, Speech);

        Assert.Equal(RecordingRecognizer.Name, transcript.Recognizer);
        Assert.Equal(Speech, Assert.Single(fallback.Heard));
        // Counted on arrival: an attempt cut on a busy machine may not have had its form read.
        await Until.TrueAsync(() => server.Arrivals >= 2, Patience, "both attempts reach OpenAI");
        Assert.Equal(2, server.Arrivals);
        // The server holds each request for 30 s: only the client's own timeouts can have ended this.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"The stall took {clock.Elapsed} to leave.");
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_caller_who_stops_waiting_is_not_taken_for_a_failure()
    {
        var left = Gate();
        await using var server = await TranscriptionServer.StartAsync((context, _) => SpeechWire.WaitForClientToLeaveAsync(context, left));
        var fallback = new RecordingRecognizer();
        await using var services = Services(Options(server), fallback);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestCancellation);
        var recognition = services.GetRequiredService<ISpeechRecognizer>().Begin();
        await using (recognition)
        {
            recognition.Write(Speech);
            var finishing = recognition.FinishAsync(cancel.Token);
            await Until.TrueAsync(() => !server.Requests.IsEmpty, Patience, "OpenAI hears the utterance");

            await cancel.CancelAsync();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => finishing.WaitAsync(Patience, TestCancellation));
        }

        await left.Task.WaitAsync(Patience, TestCancellation);
        Assert.Empty(fallback.Heard);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task After_repeated_failures_the_circuit_opens_and_utterances_go_straight_to_the_fallback()
    {
        await using var server = await TranscriptionServer.StartAsync((context, _) => TranscriptionWire.OverloadedAsync(context));
        var fallback = new RecordingRecognizer();
        var options = Options(server) with
        {
            Resilience = ProviderHost.Resilience with
            {
                MaxRetryAttempts = 0,
                CircuitMinimumThroughput = 2,
                CircuitFailureRatio = 0.5,
                CircuitBreakDuration = TimeSpan.FromSeconds(30),
            },
        };
        await using var services = Services(options, fallback);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(RecordingRecognizer.Name, (await HearAsync(services, Speech)).Recognizer);
        }

        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(3, fallback.Heard.Count);
        Assert.All(fallback.Heard, heard => Assert.Equal(Speech, heard));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Written_audio_is_copied_so_the_caller_may_reuse_its_buffer_at_once()
    {
        await using var server = await TranscriptionServer.StartAsync((context, _) => TranscriptionWire.TextAsync(context, Words));
        await using var services = Services(Options(server));
        var first = SpeechWire.Pcm(8000, seed: 1);
        var second = SpeechWire.Pcm(8000, seed: 2);
        var reused = new byte[first.Length];
        var recognition = services.GetRequiredService<ISpeechRecognizer>().Begin();
        await using (recognition)
        {
            first.CopyTo(reused, 0);
            recognition.Write(reused);
            second.CopyTo(reused, 0);
            recognition.Write(reused);
            Array.Clear(reused);

            await recognition.FinishAsync(TestCancellation);
        }

        Assert.Equal(first.Concat(second), await TranscriptionWire.PcmOfAsync(Assert.Single(server.Requests).File));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task An_utterance_longer_than_five_minutes_keeps_its_first_five_minutes()
    {
        await using var server = await TranscriptionServer.StartAsync((context, _) => TranscriptionWire.TextAsync(context, Words));
        await using var services = Services(Options(server));
        var seconds = Enumerable.Range(0, 302).Select(second => SpeechWire.Pcm(16_000, seed: second)).ToArray();
        var recognition = services.GetRequiredService<ISpeechRecognizer>().Begin();
        Transcript transcript;
        await using (recognition)
        {
            foreach (var second in seconds)
            {
                recognition.Write(second);
            }

            transcript = await recognition.FinishAsync(TestCancellation);
        }

        Assert.Equal(OpenAiSpeechRecognizer.MaxUtterance.TotalMilliseconds, transcript.AudioMs);
        var sent = await TranscriptionWire.PcmOfAsync(Assert.Single(server.Requests).File);
        Assert.True(seconds.Take(300).SelectMany(second => second).SequenceEqual(sent), "The file is not the first five minutes.");
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task An_abandoned_utterance_sends_nothing()
    {
        await using var server = await TranscriptionServer.StartAsync((context, _) => TranscriptionWire.TextAsync(context, Words));
        await using var services = Services(Options(server));
        var recognizer = services.GetRequiredService<ISpeechRecognizer>();
        var abandoned = recognizer.Begin();
        abandoned.Write(SpeechWire.Pcm(16_000, seed: 7));

        await abandoned.DisposeAsync();
        await HearAsync(services, Speech);

        await Assert.ThrowsAsync<InvalidOperationException>(() => abandoned.FinishAsync(TestCancellation));
        Assert.Equal(Speech, await TranscriptionWire.PcmOfAsync(Assert.Single(server.Requests).File));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task An_utterance_too_short_for_OpenAI_has_no_words_and_is_not_sent()
    {
        await using var server = await TranscriptionServer.StartAsync((context, _) => TranscriptionWire.TextAsync(context, Words));
        var fallback = new RecordingRecognizer();
        await using var services = Services(Options(server), fallback);

        var transcript = await HearAsync(services, SpeechWire.Pcm(800));

        Assert.Equal(new Transcript(string.Empty, 50, OpenAiSpeechRecognizer.RecognizerName), transcript);
        Assert.Empty(server.Requests);
        Assert.Empty(fallback.Heard);
    }

    private static OpenAiRecognitionOptions Options(TranscriptionServer server) => new()
    {
        ApiKey = ProviderHost.OpenAiKey,
        Endpoint = server.Endpoint,
        Resilience = ProviderHost.Resilience,
    };

    private static ServiceProvider Services(
        OpenAiRecognitionOptions options,
        ISpeechRecognizer? fallback = null,
        TimeProvider? clock = null,
        ILogger<OpenAiSpeechRecognizer>? logger = null) =>
        ProviderHost.Services(services =>
        {
            if (clock is not null)
            {
                services.AddSingleton(clock);
            }

            if (logger is not null)
            {
                services.AddSingleton(logger);
            }

            services.AddOpenAiRecognition(options, fallback is null ? null : _ => fallback);
        });

    private static async Task<Transcript> HearAsync(ServiceProvider services, byte[] pcm)
    {
        var recognition = services.GetRequiredService<ISpeechRecognizer>().Begin();
        await using (recognition)
        {
            recognition.Write(pcm);
            return await recognition.FinishAsync(TestCancellation);
        }
    }

    private static Task RejectKeyAsync(Microsoft.AspNetCore.Http.HttpContext context) => SpeechWire.OpenAiErrorAsync(
        context,
        401,
        $"Incorrect API key provided: {ProviderHost.OpenAiKey}. You can find your API key at https://platform.openai.com/account/api-keys.",
        "invalid_request_error",
        "invalid_api_key");
}
