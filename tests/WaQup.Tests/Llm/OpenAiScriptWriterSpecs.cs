using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using WaQup.Abstractions.Protocol;
using WaQup.Providers.Content;
using WaQup.Providers.Content.Llm;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Llm;

/// <summary>The OpenAI script writer against a loopback server speaking OpenAI's real streaming and error formats.</summary>
public sealed class OpenAiScriptWriterSpecs
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static OpenAiScriptWriter Writer(LoopbackServer server, LlmResilienceOptions? resilience = null, ILlmUsageSink? usage = null) =>
        new(new OpenAiContentOptions { ApiKey = Scripts.ApiKey, Endpoint = new Uri(server.BaseUri, "v1"), Resilience = resilience ?? Scripts.Quick() }, usage);

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Sends_the_key_as_a_bearer_token_and_asks_for_a_stream_of_the_configured_model()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => OpenAiWire.ScriptAsync(context, "Hello, Sam.", " Breathe."));

        await Scripts.CollectAsync(Writer(server).WriteAsync(Scripts.Spec(), Cancellation));

        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/chat/completions", request.PathAndQuery);
        Assert.Equal($"Bearer {Scripts.ApiKey}", request.Headers["Authorization"]);
        using var body = JsonDocument.Parse(request.Body);
        var root = body.RootElement;
        Assert.Equal("gpt-4o-mini", root.GetProperty("model").GetString());
        Assert.True(root.GetProperty("stream").GetBoolean());
        Assert.True(root.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
        Assert.True(root.GetProperty("max_completion_tokens").GetInt32() >= 512);
        var messages = root.GetProperty("messages");
        Assert.Equal("system", messages[0].GetProperty("role").GetString());
        Assert.Contains("[pause 3s]", messages[0].GetProperty("content").GetString());
        Assert.Equal("user", messages[1].GetProperty("role").GetString());
        Assert.Contains("<topic>my exam tomorrow</topic>", messages[1].GetProperty("content").GetString());
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Hands_on_the_first_sentence_while_the_model_is_still_writing()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            await OpenAiWire.BeginAsync(context);
            await OpenAiWire.TextAsync(context, "Welcome, Sam. [pa");
            await OpenAiWire.TextAsync(context, "use 2s]\nBreathe");
            await release.Task.WaitAsync(context.RequestAborted);
            await OpenAiWire.TextAsync(context, " in slowly.");
            await OpenAiWire.EndAsync(context);
        });
        await using var pieces = Writer(server).WriteAsync(Scripts.Spec(), Cancellation).GetAsyncEnumerator(Cancellation);

        Assert.True(await pieces.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10), Cancellation));
        Assert.Equal(new ScriptPiece("Welcome, Sam.", 2000), pieces.Current);

        release.SetResult();
        Assert.True(await pieces.MoveNextAsync());
        Assert.Equal("Breathe in slowly.", pieces.Current.Text);
        Assert.False(await pieces.MoveNextAsync());
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Pause_markup_becomes_silence_and_is_never_spoken()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => OpenAiWire.ScriptAsync(
            context, "I am calm. [pau", "se 1.5s]\nI am", " ready. [pause 3s]", "\n[pause 2s]\nI trust myself.", " [pause 0.5s]"));

        var script = await Scripts.CollectAsync(Writer(server).WriteAsync(Scripts.Spec(RitualKind.Affirmation), Cancellation));

        Assert.Equal(["I am calm.", "I am ready.", "I trust myself."], script.Select(p => p.Text));
        Assert.Equal(1500, script[0].PauseAfterMs);
        Assert.Equal(5000, script[1].PauseAfterMs);
        Assert.All(script, p => Assert.DoesNotContain("[", p.Text));
        Assert.All(script, p => Assert.DoesNotContain("pause", p.Text, StringComparison.OrdinalIgnoreCase));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Retries_a_rate_limit_before_the_first_sentence_after_the_wait_the_provider_asked_for()
    {
        var clock = Stopwatch.StartNew();
        var arrivals = new ConcurrentQueue<TimeSpan>();
        await using var server = await LoopbackServer.StartAsync((context, _) =>
        {
            arrivals.Enqueue(clock.Elapsed);
            return arrivals.Count == 1
                ? OpenAiWire.ErrorAsync(context, 429, "Rate limit reached for gpt-4o-mini in organization org-test on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 1s.", "requests", "rate_limit_exceeded", retryAfter: "1")
                : OpenAiWire.ScriptAsync(context, "Hello again.");
        });

        var script = await Scripts.CollectAsync(Writer(server).WriteAsync(Scripts.Spec(), Cancellation));

        Assert.Equal("Hello again.", Assert.Single(script).Text);
        var times = arrivals.ToArray();
        Assert.Equal(2, times.Length);
        Assert.True(times[1] - times[0] >= TimeSpan.FromMilliseconds(900), $"retried after {(times[1] - times[0]).TotalMilliseconds} ms");
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Retries_server_errors_and_cut_streams_before_the_first_sentence_and_speaks_only_the_answer_that_worked()
    {
        var calls = 0;
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            switch (Interlocked.Increment(ref calls))
            {
                case 1:
                    await OpenAiWire.ErrorAsync(context, 500, "The server had an error while processing your request. Sorry about that!", "server_error", null);
                    break;
                case 2:
                    await OpenAiWire.BeginAsync(context);
                    await OpenAiWire.TextAsync(context, "Welcome to your");
                    context.Abort();
                    break;
                case 3:
                    // Ends cleanly but without a finish reason or [DONE]: the answer is incomplete.
                    await OpenAiWire.BeginAsync(context);
                    await OpenAiWire.TextAsync(context, "Half a sen");
                    break;
                default:
                    await OpenAiWire.ScriptAsync(context, "Hello, Sam.", " You are ready.");
                    break;
            }
        });

        var script = await Scripts.CollectAsync(Writer(server, Scripts.Quick(maxRetries: 3)).WriteAsync(Scripts.Spec(), Cancellation));

        Assert.Equal(["Hello, Sam.", "You are ready."], script.Select(p => p.Text));
        Assert.Equal(4, server.Requests.Count);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_failure_after_the_first_sentence_surfaces_and_is_not_retried()
    {
        var firstSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            await OpenAiWire.BeginAsync(context);
            await OpenAiWire.TextAsync(context, "You are safe here. Now");
            await firstSeen.Task.WaitAsync(context.RequestAborted);
            context.Abort();
        });
        await using var pieces = Writer(server).WriteAsync(Scripts.Spec(), Cancellation).GetAsyncEnumerator(Cancellation);

        Assert.True(await pieces.MoveNextAsync());
        Assert.Equal("You are safe here.", pieces.Current.Text);
        firstSeen.SetResult();

        var error = await Assert.ThrowsAsync<ContentUnavailableException>(async () => await pieces.MoveNextAsync());
        Assert.Contains("OpenAI", error.Message);
        Assert.Single(server.Requests);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task After_repeated_failures_the_circuit_opens_and_calls_fail_without_reaching_OpenAI()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) =>
            OpenAiWire.ErrorAsync(context, 500, "The server had an error while processing your request. Sorry about that!", "server_error", null));
        var writer = Writer(server, new LlmResilienceOptions { MaxRetries = 0, BreakMinimumAttempts = 2, BreakFailureRatio = 0.5, FallbackToBuiltIn = false });

        for (var i = 0; i < 2; i++)
        {
            var failure = await Assert.ThrowsAsync<ContentUnavailableException>(() => Scripts.CollectAsync(writer.WriteAsync(Scripts.Spec(), Cancellation)));
            Assert.Contains("500 (server_error)", failure.Message);
        }

        var fast = await Assert.ThrowsAsync<ContentUnavailableException>(() => Scripts.CollectAsync(writer.WriteAsync(Scripts.Spec(), Cancellation)));
        Assert.Contains("paused", fast.Message);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_rejected_key_fails_at_once_and_the_key_appears_nowhere_in_the_error()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => OpenAiWire.ErrorAsync(
            context, 401, $"Incorrect API key provided: {Scripts.ApiKey}. You can find your API key at https://platform.openai.com/account/api-keys.", "invalid_request_error", "invalid_api_key"));

        var error = await Assert.ThrowsAsync<ContentUnavailableException>(() => Scripts.CollectAsync(Writer(server).WriteAsync(Scripts.Spec(), Cancellation)));

        Assert.Contains("rejected the API key", error.Message);
        Assert.DoesNotContain(Scripts.ApiKey, error.ToString());
        Assert.Single(server.Requests);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_provider_message_that_echoes_the_key_is_shown_without_it()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => OpenAiWire.ErrorAsync(
            context, 400, $"Invalid header value for key {Scripts.ApiKey}", "invalid_request_error", null));

        var error = await Assert.ThrowsAsync<ContentUnavailableException>(() => Scripts.CollectAsync(Writer(server).WriteAsync(Scripts.Spec(), Cancellation)));

        Assert.Contains("400 (invalid_request_error): Invalid header value for key ***", error.Message);
        Assert.DoesNotContain(Scripts.ApiKey, error.ToString());
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Cancelling_stops_the_model_stream()
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            await OpenAiWire.BeginAsync(context);
            await OpenAiWire.TextAsync(context, "One breath at a time. Now");
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                aborted.TrySetResult();
            }
        });
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        await using var pieces = Writer(server).WriteAsync(Scripts.Spec(), cancellation.Token).GetAsyncEnumerator(cancellation.Token);
        Assert.True(await pieces.MoveNextAsync());

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pieces.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5), Cancellation));
        await aborted.Task.WaitAsync(TimeSpan.FromSeconds(5), Cancellation);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_model_that_sends_no_text_in_time_is_abandoned_and_asked_again()
    {
        var calls = 0;
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                await OpenAiWire.BeginAsync(context);
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }

            await OpenAiWire.ScriptAsync(context, "Hello again.");
        });
        var resilience = Scripts.Quick() with { FirstTokenTimeout = TimeSpan.FromMilliseconds(300) };

        var script = await Scripts.CollectAsync(Writer(server, resilience).WriteAsync(Scripts.Spec(), Cancellation)).WaitAsync(TimeSpan.FromSeconds(10), Cancellation);

        Assert.Equal("Hello again.", Assert.Single(script).Text);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_script_too_short_for_its_duration_ends_in_a_longer_last_pause()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => OpenAiWire.ScriptAsync(context, "Hello. [pause 1s]\n", "Goodbye."));

        var script = await Scripts.CollectAsync(Writer(server).WriteAsync(Scripts.Spec(RitualKind.Affirmation, minutes: 1), Cancellation));

        Assert.Equal(1000, script[0].PauseAfterMs);
        Assert.Equal(60_000, Scripts.TotalMs(script));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_script_long_enough_keeps_the_pauses_the_model_chose()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => OpenAiWire.ScriptAsync(context, "Hello. [pause 70s]\n", "Goodbye. [pause 2s]"));

        var script = await Scripts.CollectAsync(Writer(server).WriteAsync(Scripts.Spec(RitualKind.Affirmation, minutes: 1), Cancellation));

        Assert.Equal([70_000, 2_000], script.Select(p => p.PauseAfterMs));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Token_usage_reported_in_the_stream_is_recorded()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => OpenAiWire.ScriptAsync(context, "Hello."));
        var usage = new RecordingUsageSink();

        await Scripts.CollectAsync(Writer(server, usage: usage).WriteAsync(Scripts.Spec(), Cancellation));

        Assert.Equal(new LlmUsage("OpenAI", "gpt-4o-mini", 120, 340), Assert.Single(usage.Reports));
    }
}
