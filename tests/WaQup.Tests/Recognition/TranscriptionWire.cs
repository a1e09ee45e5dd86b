using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using WaQup.Providers.Audio;
using WaQup.Tests.CloudSpeech;

namespace WaQup.Tests.Recognition;

/// <summary>What OpenAI's transcription endpoint puts on the wire, and how to read back the WAV file it was sent.</summary>
internal static class TranscriptionWire
{
    /// <summary>A json transcription, as gpt-4o-mini-transcribe answers: the text and its token usage.</summary>
    public static Task TextAsync(HttpContext context, string text)
    {
        context.Response.Headers["openai-processing-ms"] = "412";
        context.Response.Headers["x-request-id"] = "req_2b7e4c91d05a4f3e8a1c6d9b0e7f5a24";
        return SpeechWire.JsonAsync(context, 200, JsonSerializer.Serialize(new
        {
            text,
            usage = new
            {
                type = "tokens",
                input_tokens = 61,
                input_token_details = new { text_tokens = 0, audio_tokens = 61 },
                output_tokens = 12,
                total_tokens = 73,
            },
        }));
    }

    /// <summary>A 429 as OpenAI sends it: the wait in milliseconds, and again in whole seconds for Retry-After.</summary>
    public static Task RateLimitedAsync(HttpContext context, TimeSpan wait, string? retryAfter = null)
    {
        context.Response.Headers["retry-after-ms"] = ((long)wait.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        return SpeechWire.OpenAiErrorAsync(
            context,
            429,
            "Rate limit reached for gpt-4o-mini-transcribe in organization org-x on requests per min (RPM): Limit 50, Used 50, Requested 1.",
            "requests",
            "rate_limit_exceeded",
            retryAfter ?? Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture));
    }

    public static Task ServerErrorAsync(HttpContext context) =>
        SpeechWire.OpenAiErrorAsync(context, 500, "The server had an error while processing your request. Sorry about that!", "server_error", null);

    public static Task OverloadedAsync(HttpContext context) =>
        SpeechWire.OpenAiErrorAsync(context, 503, "The engine is currently overloaded, please try again later.", "server_error", null);

    /// <summary>The PCM of a WAV file, after checking it is the microphone format and its lengths say what it holds.</summary>
    public static async Task<byte[]> PcmOfAsync(byte[] wav)
    {
        using var stream = new MemoryStream(wav);
        var header = await WavHeader.ReadAsync(stream, TestContext.Current.CancellationToken);
        Assert.Equal(new WavHeader(1, 1, 16_000, 16), header);
        var pcm = wav[(int)stream.Position..];
        Assert.Equal(wav.Length - 8, (int)BinaryPrimitives.ReadUInt32LittleEndian(wav.AsSpan(4)));
        Assert.Equal(pcm.Length, (int)BinaryPrimitives.ReadUInt32LittleEndian(wav.AsSpan((int)stream.Position - 4)));
        return pcm;
    }
}
