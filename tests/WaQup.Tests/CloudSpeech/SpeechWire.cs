using System.Buffers.Binary;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace WaQup.Tests.CloudSpeech;

/// <summary>What ElevenLabs and OpenAI put on the wire, for the loopback server to play: raw chunked PCM and their error bodies.</summary>
internal static class SpeechWire
{
    /// <summary>PCM16 LE samples that differ from their neighbours, so a shifted or split sample shows up as different bytes.</summary>
    public static byte[] Pcm(int samples, int seed = 1)
    {
        var bytes = new byte[samples * 2];
        for (var i = 0; i < samples; i++)
        {
            var value = (short)(((i * 7919) + (seed * 104_729)) % 60_000 - 30_000);
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(i * 2), value);
        }

        return bytes;
    }

    /// <summary>Writes one piece of a chunked 200 response and pushes it onto the wire at once.</summary>
    public static async Task WriteAsync(HttpContext context, ReadOnlyMemory<byte> piece)
    {
        await context.Response.Body.WriteAsync(piece);
        await context.Response.Body.FlushAsync();
    }

    public static async Task StreamAsync(HttpContext context, params byte[][] pieces)
    {
        foreach (var piece in pieces)
        {
            await WriteAsync(context, piece);
        }
    }

    /// <summary>ElevenLabs' error shape, e.g. 401 {"detail":{"status":"quota_exceeded","message":"..."}}.</summary>
    public static Task ElevenLabsErrorAsync(HttpContext context, int status, string detailStatus, string message, string? retryAfter = null) =>
        JsonAsync(context, status, JsonSerializer.Serialize(new { detail = new { status = detailStatus, message } }), retryAfter);

    /// <summary>OpenAI's error shape: {"error":{"message","type","param","code"}}.</summary>
    public static Task OpenAiErrorAsync(HttpContext context, int status, string message, string type, string? code, string? retryAfter = null) =>
        JsonAsync(context, status, JsonSerializer.Serialize(new { error = new { message, type, param = (string?)null, code } }), retryAfter);

    public static async Task JsonAsync(HttpContext context, int status, string json, string? retryAfter = null)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        if (retryAfter is not null)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        await context.Response.WriteAsync(json);
    }

    /// <summary>Holds the response open until the client goes away, and reports that it did.</summary>
    public static async Task WaitForClientToLeaveAsync(HttpContext context, TaskCompletionSource left)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            left.TrySetResult();
        }
    }
}
