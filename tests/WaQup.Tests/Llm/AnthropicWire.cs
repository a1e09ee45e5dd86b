using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace WaQup.Tests.Llm;

/// <summary>Speaks Anthropic's messages streaming format: named SSE events from message_start to message_stop.</summary>
public static class AnthropicWire
{
    public const string Model = "claude-haiku-4-5-20251001";

    /// <summary>The whole answer, one text_delta per delta, ended with end_turn.</summary>
    public static async Task ScriptAsync(HttpContext context, params string[] deltas)
    {
        await BeginAsync(context);
        foreach (var delta in deltas)
        {
            await TextAsync(context, delta);
        }

        await EndAsync(context);
    }

    /// <summary>A whole (not streamed) message whose one content block is a call of <paramref name="tool"/> with <paramref name="input"/>.</summary>
    public static Task ToolCallAsync(HttpContext context, string tool, object input, int inputTokens = 980, int outputTokens = 61)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        context.Response.Headers["request-id"] = "req_011CSHqT4bWv9sQ2LkP7mXnE";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            id = "msg_01GvZk3p8QmRt6HcY2WnAe5B",
            type = "message",
            role = "assistant",
            model = Model,
            content = new object[] { new { type = "tool_use", id = "toolu_01D7FLrfh4GYq7yT1ULFeyMV", name = tool, input } },
            stop_reason = "tool_use",
            stop_sequence = (string?)null,
            usage = new { input_tokens = inputTokens, output_tokens = outputTokens, cache_creation_input_tokens = 0, cache_read_input_tokens = 0, service_tier = "standard" },
        }));
    }

    /// <summary>Headers, message_start (with the input token count), content_block_start and a ping.</summary>
    public static async Task BeginAsync(HttpContext context, int inputTokens = 472)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/event-stream; charset=utf-8";
        context.Response.Headers["request-id"] = "req_011CSHoEeqs5C35K2UUqR7Fy";
        await SendAsync(context, "message_start", new
        {
            type = "message_start",
            message = new
            {
                id = "msg_01XFDUDYJgAACzvnptvVoYEL",
                type = "message",
                role = "assistant",
                content = Array.Empty<object>(),
                model = Model,
                stop_reason = (string?)null,
                stop_sequence = (string?)null,
                usage = new { input_tokens = inputTokens, cache_creation_input_tokens = 0, cache_read_input_tokens = 0, output_tokens = 2, service_tier = "standard" },
            },
        });
        await SendAsync(context, "content_block_start", new { type = "content_block_start", index = 0, content_block = new { type = "text", text = "" } });
        await SendAsync(context, "ping", new { type = "ping" });
    }

    public static Task TextAsync(HttpContext context, string text) =>
        SendAsync(context, "content_block_delta", new { type = "content_block_delta", index = 0, delta = new { type = "text_delta", text } });

    /// <summary>content_block_stop, message_delta (stop reason and output tokens) and message_stop.</summary>
    public static async Task EndAsync(HttpContext context, string stopReason = "end_turn", int outputTokens = 318)
    {
        await SendAsync(context, "content_block_stop", new { type = "content_block_stop", index = 0 });
        await SendAsync(context, "message_delta", new
        {
            type = "message_delta",
            delta = new { stop_reason = stopReason, stop_sequence = (string?)null },
            usage = new { output_tokens = outputTokens },
        });
        await SendAsync(context, "message_stop", new { type = "message_stop" });
    }

    /// <summary>An error event inside a stream that started well, as Anthropic sends when it is overloaded mid-answer.</summary>
    public static Task StreamErrorAsync(HttpContext context, string type, string message) =>
        SendAsync(context, "error", new { type = "error", error = new { type, message } });

    /// <summary>An error as Anthropic sends it: a status and {"type": "error", "error": {"type", "message"}}.</summary>
    public static Task ErrorAsync(HttpContext context, int status, string type, string message, string? retryAfter = null)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.Headers["request-id"] = "req_011CSHoEeqs5C35K2UUqR7Fz";
        if (retryAfter is not null)
        {
            context.Response.Headers["retry-after"] = retryAfter;
        }

        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            type = "error",
            error = new { type, message },
            request_id = "req_011CSHoEeqs5C35K2UUqR7Fz",
        }));
    }

    private static async Task SendAsync(HttpContext context, string name, object data)
    {
        await context.Response.WriteAsync($"event: {name}\ndata: {JsonSerializer.Serialize(data)}\n\n");
        await context.Response.Body.FlushAsync();
    }
}
