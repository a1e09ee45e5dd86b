using System.Diagnostics;

namespace WaQup.Bench;

/// <summary>The bare WebSocket baseline in its own process, with the silo's garbage collector settings.</summary>
public sealed class BareServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private BareServerProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<BareServerProcess> StartAsync(int framesPerTurn, int eventsPerTurn, CancellationToken cancellationToken)
    {
        var port = SiloProcess.FreePort();
        var start = new ProcessStartInfo("dotnet", [typeof(BareServerProcess).Assembly.Location, "bare-server", port.ToString(), framesPerTurn.ToString(), eventsPerTurn.ToString()])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
        };
        // The silo is an ASP.NET Core app, so it runs the server garbage collector; so does its baseline.
        start.Environment["DOTNET_gcServer"] = "1";
        var process = Process.Start(start) ?? throw new InvalidOperationException("the bare server did not start");
        process.BeginOutputReadLine();
        var server = new BareServerProcess(process, new Uri($"http://127.0.0.1:{port}"));
        using var http = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(2) };
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                (await http.GetAsync("/healthz", cancellationToken)).EnsureSuccessStatusCode();
                return server;
            }
            catch (HttpRequestException) when (attempt < 100 && !process.HasExited)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    public double CpuSeconds()
    {
        _process.Refresh();
        return _process.TotalProcessorTime.TotalSeconds;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
