using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace WaQup.Bench;

/// <summary>
/// The system under test as its own process (silo and api co-hosted, as `./waqup up` runs it), so its memory is
/// read apart from the load generator's, with the load-test providers at zero latency.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _scratch;

    private SiloProcess(Process process, string scratch, Uri url)
    {
        _process = process;
        _scratch = scratch;
        Url = url;
    }

    public Uri Url { get; }

    public int Pid => _process.Id;

    /// <summary>
    /// Starts a silo with the benchmark's settings plus <paramref name="settings"/> (configuration keys) and waits until it is
    /// ready. <paramref name="variables"/> are set as they are named, without the WAQUP_ prefix (STRIPE_SECRET_KEY and
    /// STRIPE_WEBHOOK_SECRET are read under those names).
    /// </summary>
    public static async Task<SiloProcess> StartAsync(
        BenchOptions options, IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? variables = null)
    {
        var scratch = Directory.CreateTempSubdirectory("waqup-bench-").FullName;
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [options.SiloDll])
        {
            WorkingDirectory = scratch,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings:Postgres"] = options.Postgres,
            ["Auth:DevTokens"] = "true",
            ["RateLimits:RequestsPerMinute"] = "100000000",
            ["Content:Provider"] = "loadtest",
            ["Speech:Provider"] = "loadtest",
            ["Conversation:PaceFactor"] = "1",
            // The benchmarks measure the engine at the load they choose, past the point where a silo would refuse.
            ["Admission:Enabled"] = "false",
            // Nobody speaks in the engine's benchmarks: the recogniser's decoders (a fixed cost per node, docs/voice.md) are
            // not loaded, so per-session figures stay per session. The recognition benchmark loads them.
            ["Recognition:WarmUp"] = "false",
            // Their sessions talk far more than a person: the allowance of unpaid speech per person is lifted.
            ["Conversation:UnpaidSpeechBurst"] = "1.00:00:00",
            ["Conversation:UnpaidSpeechPerMinute"] = "1.00:00:00",
            ["Blobs:Root"] = Path.Combine(scratch, "blobs"),
            ["Orleans:ClusterId"] = $"bench-{Guid.NewGuid():N}",
            ["Orleans:SiloPort"] = FreePort().ToString(),
            ["Orleans:GatewayPort"] = FreePort().ToString(),
            ["Observability:MetricsPort"] = FreePort().ToString(),
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
            // The quiet-time compaction says what it returned and how long it paused: the density benchmark reports it.
            ["Logging:LogLevel:WaQup.Grains.Memory"] = "Information",
        };
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        foreach (var (key, value) in environment)
        {
            start.Environment["WAQUP_" + key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        foreach (var (name, value) in variables ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        start.Environment["WAQUP_PORT"] = port.ToString();
        var process = Process.Start(start) ?? throw new InvalidOperationException("the silo did not start");
        var log = File.CreateText(Path.Combine(scratch, "silo.log"));
        log.AutoFlush = true;
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var silo = new SiloProcess(process, scratch, new Uri($"http://127.0.0.1:{port}"));
        await silo.WaitReadyAsync(cancellationToken);
        return silo;
    }

    /// <summary>Resident memory of the silo process, from /proc.</summary>
    public long ResidentBytes()
    {
        _process.Refresh();
        return _process.WorkingSet64;
    }

    public double CpuSeconds()
    {
        _process.Refresh();
        return _process.TotalProcessorTime.TotalSeconds;
    }

    /// <summary>The silo's log lines that contain <paramref name="text"/>, so far.</summary>
    public IReadOnlyList<string> LogLinesWith(string text)
    {
        var path = Path.Combine(_scratch, "silo.log");
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        var found = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Contains(text, StringComparison.Ordinal))
            {
                found.Add(line.Trim());
            }
        }

        return found;
    }

    public string LogTail(int lines = 20)
    {
        var path = Path.Combine(_scratch, "silo.log");
        return File.Exists(path) ? string.Join('\n', File.ReadLines(path).TakeLast(lines)) : "";
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            // The last silo's log stays for a look at what went wrong; the rest of its scratch goes.
            File.Copy(Path.Combine(_scratch, "silo.log"), Path.Combine(Path.GetTempPath(), "waqup-bench-silo.log"), overwrite: true);
            Directory.Delete(_scratch, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(2))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the silo exited ({_process.ExitCode}):\n{LogTail()}");
            }

            try
            {
                using var ready = await http.GetAsync("/readyz", cancellationToken);
                if (ready.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new TimeoutException($"the silo was not ready in 2 minutes:\n{LogTail()}");
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
