using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace WaQup.Bench;

/// <summary>
/// The baseline of the event-rate benchmark: a bare ASP.NET Core WebSocket server that answers each turn with the
/// same number of events and audio frames, of the same sizes, as the engine did, and does nothing else.
/// </summary>
public static class BareWebSocketServer
{
    public static async Task RunAsync(int port, int framesPerTurn, int eventsPerTurn)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.UseWebSockets();
        app.MapGet("/healthz", () => "ok");
        app.Map("/v1/conversation", async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            await ServeAsync(socket, framesPerTurn, eventsPerTurn, context.RequestAborted);
        });
        await app.RunAsync();
    }

    private static async Task ServeAsync(WebSocket socket, int framesPerTurn, int eventsPerTurn, CancellationToken aborted)
    {
        var receive = new byte[4096];
        var frame = new byte[4 + 1920];
        for (var i = 4; i < frame.Length; i += 2)
        {
            BinaryPrimitives.WriteInt16LittleEndian(frame.AsSpan(i), (short)(2000 * Math.Sin(2 * Math.PI * i / 240)));
        }

        var filler = Encoding.UTF8.GetBytes("{\"type\":\"assistant.text.delta\",\"response_id\":\"resp_0000000000000000\",\"text\":\"A 1-minute affirmation set on confidence at work costs 2 credits.\"}");
        uint seq = 0;
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(receive.AsMemory(), aborted);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                var text = Encoding.UTF8.GetString(receive, 0, result.Count);
                if (text.Contains("audio.ack", StringComparison.Ordinal))
                {
                    continue;
                }

                if (text.Contains("session.start", StringComparison.Ordinal))
                {
                    await SendTextAsync(socket, "{\"type\":\"session.ready\",\"session_id\":\"bare\",\"resume_token\":\"bare\",\"state\":\"listening\",\"resumed\":false}", aborted);
                    continue;
                }

                var state = text.Contains("\"no\"", StringComparison.Ordinal) ? "listening" : "confirming";
                for (var i = 0; i < eventsPerTurn - 2; i++)
                {
                    await socket.SendAsync(filler, WebSocketMessageType.Text, true, aborted);
                }

                for (var i = 0; i < framesPerTurn; i++)
                {
                    BinaryPrimitives.WriteUInt32BigEndian(frame, ++seq);
                    await socket.SendAsync(frame, WebSocketMessageType.Binary, true, aborted);
                }

                await SendTextAsync(socket, $"{{\"type\":\"audio.done\",\"response_id\":\"resp_0000000000000000\",\"last_seq\":{seq},\"duration_ms\":{framesPerTurn * 40}}}", aborted);
                await SendTextAsync(socket, $"{{\"type\":\"state.changed\",\"state\":\"{state}\"}}", aborted);
            }
        }
        catch (Exception error) when (error is WebSocketException or OperationCanceledException)
        {
        }
    }

    private static Task SendTextAsync(WebSocket socket, string json, CancellationToken cancellationToken) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, cancellationToken);
}
