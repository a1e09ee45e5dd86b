using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Polly.CircuitBreaker;
using WaQup.Providers.Speech;
using WaQup.Providers.Speech.Cloud;
using WaQup.Tests.Infrastructure;
using static WaQup.Tests.CloudSpeech.Listener;

namespace WaQup.Tests.CloudSpeech;

/// <summary>The HttpClient that <see cref="CloudSpeechServiceCollectionExtensions.AddElevenLabsSpeech"/> registers.</summary>
public sealed class ElevenLabsResilienceTests
{
    private const string Sentence = "You are safe here.";

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Busy_and_failing_answers_are_retried_honouring_retry_after_then_the_audio_streams()
    {
        var audio = SpeechWire.Pcm(2400);
        var arrivals = new ConcurrentQueue<TimeSpan>();
        var clock = Stopwatch.StartNew();
        await using var server = await LoopbackServer.StartAsync((context, _) =>
        {
            arrivals.Enqueue(clock.Elapsed);
            return arrivals.Count switch
            {
                1 => SpeechWire.ElevenLabsErrorAsync(context, 429, "system_busy", "Our services are experiencing high levels of traffic.", retryAfter: "1"),
                2 => SpeechWire.JsonAsync(context, 503, """{"detail":"Service Unavailable"}"""),
                _ => SpeechWire.StreamAsync(context, audio),
            };
        });
        await using var services = ProviderHost.Services(s => s.AddElevenLabsSpeech(ProviderHost.ElevenLabs(server)));

        var spoken = await AllAsync(services.GetRequiredService<ElevenLabsSpeechSynthesizer>().SynthesizeAsync(Sentence, "default", TestCancellation));

        Assert.Equal(audio, spoken);
        var times = arrivals.ToArray();
        Assert.Equal(3, times.Length);
        Assert.True(times[1] - times[0] >= TimeSpan.FromMilliseconds(900), $"Retry-After: 1 was not honoured: {times[1] - times[0]}.");
        Assert.All(server.Requests, request => Assert.Equal(server.Requests.First().Body, request.Body));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_retry_after_longer_than_the_limit_fails_at_once_instead_of_stalling_the_turn()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) =>
            SpeechWire.ElevenLabsErrorAsync(context, 429, "system_busy", "Try again later.", retryAfter: "120"));
        await using var services = ProviderHost.Services(s => s.AddElevenLabsSpeech(ProviderHost.ElevenLabs(server)));
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<SpeechUnavailableException>(() =>
            AllAsync(services.GetRequiredService<ElevenLabsSpeechSynthesizer>().SynthesizeAsync(Sentence, "default", TestCancellation)));

        Assert.Contains("429 (system_busy)", error.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"Waited {clock.Elapsed}.");
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Refusals_that_a_retry_cannot_fix_are_not_retried()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) =>
            SpeechWire.ElevenLabsErrorAsync(context, 401, "quota_exceeded", "This request exceeds your quota."));
        await using var services = ProviderHost.Services(s => s.AddElevenLabsSpeech(ProviderHost.ElevenLabs(server)));

        await Assert.ThrowsAsync<SpeechUnavailableException>(() =>
            AllAsync(services.GetRequiredService<ElevenLabsSpeechSynthesizer>().SynthesizeAsync(Sentence, "default", TestCancellation)));

        Assert.Single(server.Requests);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_stream_cut_midway_fails_after_the_audio_already_heard_and_is_never_requested_again()
    {
        var first = SpeechWire.Pcm(2400);
        var heardFirst = Gate();
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            await SpeechWire.WriteAsync(context, first);
            // Cut only once the client has the audio: a reset can otherwise discard bytes still in its socket buffer.
            await heardFirst.Task.WaitAsync(Patience);
            context.Abort();
        });
        await using var services = ProviderHost.Services(s => s.AddElevenLabsSpeech(ProviderHost.ElevenLabs(server)));
        var heard = new List<byte>();

        await Assert.ThrowsAsync<SpeechUnavailableException>(async () =>
        {
            await foreach (var chunk in services.GetRequiredService<ElevenLabsSpeechSynthesizer>().SynthesizeAsync(Sentence, "default", TestCancellation))
            {
                heard.AddRange(chunk.ToArray());
                if (heard.Count == first.Length)
                {
                    heardFirst.SetResult();
                }
            }
        });

        Assert.Equal(first, heard);
        Assert.Single(server.Requests);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task The_circuit_opens_after_repeated_failures_and_stops_calling_ElevenLabs()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) =>
            SpeechWire.JsonAsync(context, 503, """{"detail":"Service Unavailable"}"""));
        var options = ProviderHost.ElevenLabs(server) with
        {
            Resilience = ProviderHost.Resilience with
            {
                MaxRetryAttempts = 0,
                CircuitMinimumThroughput = 2,
                CircuitFailureRatio = 0.5,
                CircuitBreakDuration = TimeSpan.FromSeconds(30),
            },
        };
        await using var services = ProviderHost.Services(s => s.AddElevenLabsSpeech(options));

        for (var i = 0; i < 2; i++)
        {
            await Assert.ThrowsAsync<SpeechUnavailableException>(() =>
                AllAsync(services.GetRequiredService<ElevenLabsSpeechSynthesizer>().SynthesizeAsync(Sentence, "default", TestCancellation)));
        }

        var open = await Assert.ThrowsAsync<SpeechUnavailableException>(() =>
            AllAsync(services.GetRequiredService<ElevenLabsSpeechSynthesizer>().SynthesizeAsync(Sentence, "default", TestCancellation)));

        Assert.IsType<BrokenCircuitException>(open.InnerException, exactMatch: false);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_stream_longer_than_the_total_timeout_is_not_cut()
    {
        var pieces = Enumerable.Range(1, 5).Select(seed => SpeechWire.Pcm(1200, seed)).ToArray();
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            foreach (var piece in pieces)
            {
                await SpeechWire.WriteAsync(context, piece);
                await Task.Delay(TimeSpan.FromMilliseconds(350), context.RequestAborted);
            }
        });
        var options = ProviderHost.ElevenLabs(server) with
        {
            Resilience = ProviderHost.Resilience with
            {
                AttemptTimeout = TimeSpan.FromMilliseconds(500),
                TotalTimeout = TimeSpan.FromMilliseconds(800),
            },
        };
        await using var services = ProviderHost.Services(s => s.AddElevenLabsSpeech(options));
        var clock = Stopwatch.StartNew();

        var spoken = await AllAsync(services.GetRequiredService<ElevenLabsSpeechSynthesizer>().SynthesizeAsync(Sentence, "default", TestCancellation));

        Assert.Equal(pieces.SelectMany(piece => piece), spoken);
        Assert.True(clock.Elapsed > TimeSpan.FromSeconds(1.5), $"The stream should have outlived both timeouts; it took {clock.Elapsed}.");
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_provider_that_does_not_answer_fails_with_the_attempt_and_total_timeouts()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => SpeechWire.WaitForClientToLeaveAsync(context, Gate()));
        var options = ProviderHost.ElevenLabs(server) with
        {
            Resilience = ProviderHost.Resilience with
            {
                AttemptTimeout = TimeSpan.FromMilliseconds(200),
                TotalTimeout = TimeSpan.FromSeconds(2),
            },
        };
        await using var services = ProviderHost.Services(s => s.AddElevenLabsSpeech(options));

        var error = await Assert.ThrowsAsync<SpeechUnavailableException>(() =>
            AllAsync(services.GetRequiredService<ElevenLabsSpeechSynthesizer>().SynthesizeAsync(Sentence, "default", TestCancellation)));

        Assert.Contains("unavailable", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Cancelling_mid_sentence_aborts_the_HTTP_stream()
    {
        var left = Gate();
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            await SpeechWire.WriteAsync(context, SpeechWire.Pcm(2400));
            await SpeechWire.WaitForClientToLeaveAsync(context, left);
        });
        await using var services = ProviderHost.Services(s => s.AddElevenLabsSpeech(ProviderHost.ElevenLabs(server)));
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestCancellation);
        await using var chunks = services.GetRequiredService<ElevenLabsSpeechSynthesizer>()
            .SynthesizeAsync(Sentence, "default", cancel.Token)
            .GetAsyncEnumerator(cancel.Token);
        await HearAsync(chunks, 4800);

        var next = chunks.MoveNextAsync().AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next.WaitAsync(Patience, TestCancellation));
        await left.Task.WaitAsync(Patience, TestCancellation);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_listener_who_stops_early_releases_the_HTTP_stream_at_once()
    {
        var left = Gate();
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            await SpeechWire.WriteAsync(context, SpeechWire.Pcm(2400));
            await SpeechWire.WaitForClientToLeaveAsync(context, left);
        });
        await using var services = ProviderHost.Services(s => s.AddElevenLabsSpeech(ProviderHost.ElevenLabs(server)));

        await foreach (var _ in services.GetRequiredService<ElevenLabsSpeechSynthesizer>().SynthesizeAsync(Sentence, "default", TestCancellation))
        {
            break;
        }

        // Well inside the 2 s a draining HttpClient would take before giving up on the body.
        await left.Task.WaitAsync(TimeSpan.FromSeconds(1), TestCancellation);
    }
}
