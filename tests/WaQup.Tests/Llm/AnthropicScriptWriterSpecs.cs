using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using WaQup.Providers.Content;
using WaQup.Providers.Content.Llm;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Llm;

/// <summary>The Anthropic script writer against a loopback server speaking Anthropic's real streaming and error formats.</summary>
public sealed class AnthropicScriptWriterSpecs
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static AnthropicScriptWriter Writer(LoopbackServer server, LlmResilienceOptions? resilience = null, ILlmUsageSink? usage = null) =>
        new(new AnthropicContentOptions { ApiKey = Scripts.ApiKey, BaseUrl = server.BaseUri, Resilience = resilience ?? Scripts.Quick() }, usage);

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Sends_the_key_and_the_api_version_and_asks_for_a_stream_of_the_configured_model()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => AnthropicWire.ScriptAsync(context, "Hello, Sam.", " Breathe."));
        using var writer = Writer(server);

        await Scripts.CollectAsync(writer.WriteAsync(Scripts.Spec(), Cancellation));

        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/messages", request.PathAndQuery);

        // Anthropic SDK 13 sends an API key as a bearer token (older SDKs used x-api-key), with a dated API version.
        Assert.Equal($"Bearer {Scripts.ApiKey}", request.Headers["Authorization"]);
        Assert.False(request.Headers.ContainsKey("x-api-key"));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", request.Headers["anthropic-version"]);
        using var body = JsonDocument.Parse(request.Body);
        var root = body.RootElement;
        Assert.Equal("claude-haiku-4-5", root.GetProperty("model").GetString());
        Assert.True(root.GetProperty("stream").GetBoolean());
        Assert.True(root.GetProperty("max_tokens").GetInt32() >= 512);
        Assert.Contains("[pause 3s]", root.GetProperty("system").GetString());
        var message = Assert.Single(root.GetProperty("messages").EnumerateArray());
        Assert.Equal("user", message.GetProperty("role").GetString());
        Assert.Contains("<topic>my exam tomorrow</topic>", message.GetProperty("content").GetString());
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Hands_on_the_first_sentence_while_the_model_is_still_writing()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            await AnthropicWire.BeginAsync(context);
            await AnthropicWire.TextAsync(context, "Welcome, Sam.");
            await AnthropicWire.TextAsync(context, " [pause 4s]\nLet your");
            await release.Task.WaitAsync(context.RequestAborted);
            await AnthropicWire.TextAsync(context, " shoulders drop.");
            await AnthropicWire.EndAsync(context);
        });
        using var writer = Writer(server);
        await using var pieces = writer.WriteAsync(Scripts.Spec(), Cancellation).GetAsyncEnumerator(Cancellation);

        Assert.True(await pieces.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10), Cancellation));
        Assert.Equal(new ScriptPiece("Welcome, Sam.", 4000), pieces.Current);

        release.SetResult();
        Assert.True(await pieces.MoveNextAsync());
        Assert.Equal("Let your shoulders drop.", pieces.Current.Text);
        Assert.False(await pieces.MoveNextAsync());
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Retries_an_overloaded_answer_before_the_first_sentence_after_the_wait_the_provider_asked_for()
    {
        var clock = Stopwatch.StartNew();
        var arrivals = new ConcurrentQueue<TimeSpan>();
        await using var server = await LoopbackServer.StartAsync((context, _) =>
        {
            arrivals.Enqueue(clock.Elapsed);
            return arrivals.Count == 1
                ? AnthropicWire.ErrorAsync(context, 529, "overloaded_error", "Overloaded", retryAfter: "1")
                : AnthropicWire.ScriptAsync(context, "Hello again.");
        });
        using var writer = Writer(server);

        var script = await Scripts.CollectAsync(writer.WriteAsync(Scripts.Spec(), Cancellation));

        Assert.Equal("Hello again.", Assert.Single(script).Text);
        var times = arrivals.ToArray();
        Assert.Equal(2, times.Length);
        Assert.True(times[1] - times[0] >= TimeSpan.FromMilliseconds(900), $"retried after {(times[1] - times[0]).TotalMilliseconds} ms");
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_rate_limit_that_asks_for_a_long_wait_fails_at_once_instead_of_keeping_the_listener_waiting()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) =>
            AnthropicWire.ErrorAsync(context, 429, "rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit", retryAfter: "600"));
        using var writer = Writer(server);
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<ContentUnavailableException>(() => Scripts.CollectAsync(writer.WriteAsync(Scripts.Spec(), Cancellation)));

        Assert.Contains("429 (rate_limit_error)", error.Message);
        Assert.Single(server.Requests);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task An_error_event_inside_the_stream_before_the_first_sentence_is_retried()
    {
        var calls = 0;
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                await AnthropicWire.BeginAsync(context);
                await AnthropicWire.TextAsync(context, "Take a");
                await AnthropicWire.StreamErrorAsync(context, "overloaded_error", "Overloaded");
                return;
            }

            await AnthropicWire.ScriptAsync(context, "Take a slow breath.");
        });
        using var writer = Writer(server);

        var script = await Scripts.CollectAsync(writer.WriteAsync(Scripts.Spec(), Cancellation));

        Assert.Equal("Take a slow breath.", Assert.Single(script).Text);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_stream_cut_after_the_first_sentence_surfaces_and_is_not_retried()
    {
        var firstSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            await AnthropicWire.BeginAsync(context);
            await AnthropicWire.TextAsync(context, "You are safe here. Now");
            await firstSeen.Task.WaitAsync(context.RequestAborted);
            context.Abort();
        });
        using var writer = Writer(server);
        await using var pieces = writer.WriteAsync(Scripts.Spec(), Cancellation).GetAsyncEnumerator(Cancellation);

        Assert.True(await pieces.MoveNextAsync());
        Assert.Equal("You are safe here.", pieces.Current.Text);
        firstSeen.SetResult();

        var error = await Assert.ThrowsAsync<ContentUnavailableException>(async () => await pieces.MoveNextAsync());
        Assert.Contains("Anthropic", error.Message);
        Assert.Single(server.Requests);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task After_repeated_failures_the_circuit_opens_and_calls_fail_without_reaching_Anthropic()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) =>
            AnthropicWire.ErrorAsync(context, 500, "api_error", "Internal server error"));
        using var writer = Writer(server, new LlmResilienceOptions { MaxRetries = 0, BreakMinimumAttempts = 2, BreakFailureRatio = 0.5, FallbackToBuiltIn = false });

        for (var i = 0; i < 2; i++)
        {
            var failure = await Assert.ThrowsAsync<ContentUnavailableException>(() => Scripts.CollectAsync(writer.WriteAsync(Scripts.Spec(), Cancellation)));
            Assert.Contains("500 (api_error)", failure.Message);
        }

        var fast = await Assert.ThrowsAsync<ContentUnavailableException>(() => Scripts.CollectAsync(writer.WriteAsync(Scripts.Spec(), Cancellation)));
        Assert.Contains("paused", fast.Message);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_rejected_key_fails_at_once_and_the_key_appears_nowhere_in_the_error()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) =>
            AnthropicWire.ErrorAsync(context, 401, "authentication_error", $"invalid x-api-key {Scripts.ApiKey}"));
        using var writer = Writer(server);

        var error = await Assert.ThrowsAsync<ContentUnavailableException>(() => Scripts.CollectAsync(writer.WriteAsync(Scripts.Spec(), Cancellation)));

        Assert.Contains("rejected the API key", error.Message);
        Assert.DoesNotContain(Scripts.ApiKey, error.ToString());
        Assert.Single(server.Requests);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Cancelling_stops_the_model_stream()
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            await AnthropicWire.BeginAsync(context);
            await AnthropicWire.TextAsync(context, "One breath at a time. Now");
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                aborted.TrySetResult();
            }
        });
        using var writer = Writer(server);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        await using var pieces = writer.WriteAsync(Scripts.Spec(), cancellation.Token).GetAsyncEnumerator(cancellation.Token);
        Assert.True(await pieces.MoveNextAsync());

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pieces.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5), Cancellation));
        await aborted.Task.WaitAsync(TimeSpan.FromSeconds(5), Cancellation);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task An_answer_cut_at_the_token_limit_does_not_speak_its_half_sentence()
    {
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            await AnthropicWire.BeginAsync(context);
            await AnthropicWire.TextAsync(context, "Rest now. [pause 2s]\nBreathe in and then");
            await AnthropicWire.EndAsync(context, stopReason: "max_tokens");
        });
        using var writer = Writer(server);

        var script = await Scripts.CollectAsync(writer.WriteAsync(Scripts.Spec(), Cancellation));

        Assert.Equal("Rest now.", Assert.Single(script).Text);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Token_usage_reported_in_the_stream_is_recorded()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => AnthropicWire.ScriptAsync(context, "Hello."));
        var usage = new RecordingUsageSink();
        using var writer = Writer(server, usage: usage);

        await Scripts.CollectAsync(writer.WriteAsync(Scripts.Spec(), Cancellation));

        Assert.Equal(new LlmUsage("Anthropic", "claude-haiku-4-5", 472, 318), Assert.Single(usage.Reports));
    }
}
