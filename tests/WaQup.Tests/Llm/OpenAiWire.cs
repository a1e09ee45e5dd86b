using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace WaQup.Tests.Llm;

/// <summary>Speaks OpenAI's chat completions streaming format: chat.completion.chunk SSE events, then data: [DONE].</summary>
public static class OpenAiWire
{
    public const string Model = "gpt-4o-mini-2024-07-18";

    /// <summary>The whole answer, one chunk per delta, finished normally, with a usage chunk.</summary>
    public static async Task ScriptAsync(HttpContext context, params string[] deltas)
    {
        await BeginAsync(context);
        foreach (var delta in deltas)
        {
            await TextAsync(context, delta);
        }

        await EndAsync(context);
    }

    /// <summary>Response headers and the first chunk, which carries the role and no text.</summary>
    public static Task BeginAsync(HttpContext context)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/event-stream; charset=utf-8";
        context.Response.Headers["openai-processing-ms"] = "110";
        context.Response.Headers["x-request-id"] = "req_7f3c1b2a9d";
        return SendAsync(context, Chunk(new { role = "assistant", content = "", refusal = (string?)null }, finishReason: null));
    }

    public static Task TextAsync(HttpContext context, string text) =>
        SendAsync(context, Chunk(new { content = text }, finishReason: null));

    /// <summary>The chunk with the finish reason, the usage chunk (no choices) that include_usage asks for, and [DONE].</summary>
    public static async Task EndAsync(HttpContext context, string finishReason = "stop", int promptTokens = 120, int completionTokens = 340)
    {
        await SendAsync(context, Chunk(new { }, finishReason));
        await SendAsync(context, JsonSerializer.Serialize(new
        {
            id = "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG",
            @object = "chat.completion.chunk",
            created = 1741569952,
            model = Model,
            service_tier = "default",
            system_fingerprint = "fp_06737a9306",
            choices = Array.Empty<object>(),
            usage = Usage(promptTokens, completionTokens),
        }));
        await context.Response.WriteAsync("data: [DONE]\n\n");
        await context.Response.Body.FlushAsync();
    }

    /// <summary>A whole (not streamed) chat.completion whose message is <paramref name="content"/>, or a refusal instead.</summary>
    public static Task CompletionAsync(HttpContext context, string? content, string? refusal = null, string finishReason = "stop", int promptTokens = 410, int completionTokens = 38)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        context.Response.Headers["openai-processing-ms"] = "240";
        context.Response.Headers["x-request-id"] = "req_3a9c0e5b71";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            id = "chatcmpl-C1xKq9mZb3Tn7RvA2sLd8PfWy4Ue",
            @object = "chat.completion",
            created = 1741570113,
            model = Model,
            choices = new[]
            {
                new
                {
                    index = 0,
                    message = new { role = "assistant", content, refusal, annotations = Array.Empty<object>() },
                    logprobs = (object?)null,
                    finish_reason = finishReason,
                },
            },
            usage = Usage(promptTokens, completionTokens),
            service_tier = "default",
            system_fingerprint = "fp_06737a9306",
        }));
    }

    /// <summary>An error as OpenAI sends it: a status and {"error": {"message", "type", "param", "code"}}.</summary>
    public static Task ErrorAsync(HttpContext context, int status, string message, string type, string? code, string? retryAfter = null)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        if (retryAfter is not null)
        {
            context.Response.Headers["retry-after"] = retryAfter;
        }

        return context.Response.WriteAsync(JsonSerializer.Serialize(new { error = new { message, type, param = (string?)null, code } }));
    }

    private static object Usage(int promptTokens, int completionTokens) => new
    {
        prompt_tokens = promptTokens,
        completion_tokens = completionTokens,
        total_tokens = promptTokens + completionTokens,
        prompt_tokens_details = new { cached_tokens = 0, audio_tokens = 0 },
        completion_tokens_details = new { reasoning_tokens = 0, audio_tokens = 0, accepted_prediction_tokens = 0, rejected_prediction_tokens = 0 },
    };

    private static string Chunk(object delta, string? finishReason) => JsonSerializer.Serialize(new
    {
        id = "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG",
        @object = "chat.completion.chunk",
        created = 1741569952,
        model = Model,
        service_tier = "default",
        system_fingerprint = "fp_06737a9306",
        choices = new[] { new { index = 0, delta, logprobs = (object?)null, finish_reason = finishReason } },
        usage = (object?)null,
    });

    private static async Task SendAsync(HttpContext context, string json)
    {
        await context.Response.WriteAsync($"data: {json}\n\n");
        await context.Response.Body.FlushAsync();
    }
}
