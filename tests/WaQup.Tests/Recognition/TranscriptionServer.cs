using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace WaQup.Tests.Recognition;

/// <summary>
/// OpenAI's POST /v1/audio/transcriptions on a loopback port: it reads the multipart form as OpenAI does, keeps the
/// uploaded file byte for byte (the shared LoopbackServer reads bodies as text), and answers as the test says.
/// </summary>
internal sealed class TranscriptionServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _arrivals;

    private TranscriptionServer(WebApplication app) => _app = app;

    /// <summary>The API root with its version segment, as OpenAiRecognitionOptions.Endpoint wants it.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Requests that reached the handler, including any the client gave up on before its form was read.</summary>
    public int Arrivals => Volatile.Read(ref _arrivals);

    /// <summary>Each request in arrival order, once its whole form has been read.</summary>
    public ConcurrentQueue<TranscriptionRequest> Requests { get; } = new();

    /// <param name="clock">Stamps each arrival, so a test on a fake clock sees the waits the client kept.</param>
    public static async Task<TranscriptionServer> StartAsync(Func<HttpContext, TranscriptionRequest, Task> answer, TimeProvider? clock = null)
    {
        clock ??= TimeProvider.System;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new TranscriptionServer(app);
        app.MapPost("/v1/audio/transcriptions", async context =>
        {
            var number = Interlocked.Increment(ref server._arrivals);
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var file = form.Files.GetFile("file");
            using var content = new MemoryStream();
            if (file is not null)
            {
                await file.CopyToAsync(content, context.RequestAborted);
            }

            var request = new TranscriptionRequest(
                number,
                clock.GetUtcNow(),
                context.Request.Headers.Authorization.ToString(),
                form.Where(field => field.Key != "file").ToDictionary(field => field.Key, field => field.Value.ToString()),
                file?.FileName,
                content.ToArray());
            server.Requests.Enqueue(request);
            await answer(context, request);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Endpoint = new Uri(new Uri(address), "v1");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One transcription request as OpenAI would see it: the form fields apart from the file, and the file.</summary>
/// <param name="Number">1 for the first request the server heard.</param>
/// <param name="At">When it arrived, by the server's clock.</param>
internal sealed record TranscriptionRequest(
    int Number,
    DateTimeOffset At,
    string Authorization,
    IReadOnlyDictionary<string, string> Fields,
    string? FileName,
    byte[] File);
