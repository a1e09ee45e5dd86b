using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Cluster;

/// <summary>
/// Several real silo (and api) processes on 127.0.0.1 sharing one database, as <c>./waqup up --silos N</c> runs them:
/// what a cluster test needs that one in-process host cannot give, a process that can be killed.
/// </summary>
public sealed class NodeProcesses : IAsyncDisposable
{
    private readonly List<Node> _nodes = [];
    private readonly string _scratch = Directory.CreateTempSubdirectory("waqup-cluster-").FullName;
    private readonly string _clusterId = $"cluster-{Guid.NewGuid():N}";
    private readonly string _connectionString;
    private readonly IReadOnlyDictionary<string, string> _settings;

    private NodeProcesses(string connectionString, IReadOnlyDictionary<string, string> settings)
    {
        _connectionString = connectionString;
        _settings = settings;
    }

    public IReadOnlyList<Uri> Urls => [.. _nodes.Select(n => n.Url)];

    /// <summary>Where the nodes' logs and blobs are; kept after disposal when <see cref="KeepFiles"/> is set.</summary>
    public string Scratch => _scratch;

    /// <summary>Set by a failing test, so the nodes' logs can be read afterwards.</summary>
    public bool KeepFiles { get; set; }

    public static async Task<NodeProcesses> StartAsync(int silos, int apis, IReadOnlyDictionary<string, string> settings)
    {
        var cluster = new NodeProcesses(await TestDatabase.CreateAsync(), settings);
        try
        {
            for (var i = 0; i < silos; i++)
            {
                cluster.Start("silo", i);
            }

            await Task.WhenAll(cluster._nodes.Select(cluster.WaitReadyAsync));
            for (var i = 0; i < apis; i++)
            {
                cluster.Start("api", silos + i);
            }

            await Task.WhenAll(cluster._nodes.Skip(silos).Select(cluster.WaitReadyAsync));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL: nothing in the process runs again, as when its machine dies.</summary>
    public string Kill(int index)
    {
        var node = _nodes[index];
        node.Process.Kill();
        node.Process.WaitForExit();
        return $"{node.Url} (pid {node.Process.Id})";
    }

    /// <summary>SIGTERM, as Kubernetes sends before it removes a pod: the node drains, then exits.</summary>
    public void Terminate(int index)
    {
        using var kill = Process.Start("kill", ["-TERM", _nodes[index].Process.Id.ToString()]);
        kill.WaitForExit();
    }

    /// <summary>The node's exit code, once it has exited within <paramref name="timeout"/>.</summary>
    public async Task<int> ExitCodeAsync(int index, TimeSpan timeout)
    {
        await _nodes[index].Process.WaitForExitAsync().WaitAsync(timeout);
        return _nodes[index].Process.ExitCode;
    }

    /// <summary>The last lines a node wrote, for a failure's message.</summary>
    public string LogTail(int index, int lines = 40) =>
        string.Join(Environment.NewLine, File.ReadLines(_nodes[index].Log).TakeLast(lines));

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes.Where(n => !n.Process.HasExited))
        {
            node.Process.Kill();
        }

        foreach (var node in _nodes)
        {
            await node.Process.WaitForExitAsync();
            node.Process.Dispose();
        }

        try
        {
            if (!KeepFiles)
            {
                Directory.Delete(_scratch, recursive: true);
            }
        }
        catch (IOException)
        {
        }
    }

    private void Start(string role, int index)
    {
        var port = FreePorts.Next();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "WaQup.Silo.dll")])
        {
            WorkingDirectory = _scratch,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var settings = new Dictionary<string, string>
        {
            ["Role"] = role,
            ["ConnectionStrings:Postgres"] = _connectionString,
            ["Auth:DevTokens"] = "true",
            ["RateLimits:RequestsPerMinute"] = "1000000",
            ["Blobs:Root"] = Path.Combine(_scratch, "blobs"),
            ["Orleans:ClusterId"] = _clusterId,
            ["Orleans:SiloName"] = $"{role}-{index}",
            ["Orleans:SiloPort"] = FreePorts.Next().ToString(),
            ["Orleans:GatewayPort"] = FreePorts.Next().ToString(),
            ["Observability:MetricsPort"] = FreePorts.Next().ToString(),
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
            // Nobody speaks to these nodes: loading the recogniser's decoders would only cost each node seconds of CPU.
            ["Recognition:WarmUp"] = "false",
        };
        foreach (var (key, value) in _settings)
        {
            settings[key] = value;
        }

        foreach (var (key, value) in settings)
        {
            start.Environment["WAQUP_" + key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        start.Environment["WAQUP_PORT"] = port.ToString();
        var process = Process.Start(start) ?? throw new InvalidOperationException("the node did not start");
        var log = Path.Combine(_scratch, $"{role}-{index}.log");
        var writer = File.CreateText(log);
        writer.AutoFlush = true;
        var gate = new Lock();
        process.OutputDataReceived += (_, e) => Write(writer, gate, e.Data);
        process.ErrorDataReceived += (_, e) => Write(writer, gate, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _nodes.Add(new Node(process, new Uri($"http://127.0.0.1:{port}"), log));
    }

    private static void Write(StreamWriter writer, Lock gate, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (gate)
        {
            writer.WriteLine(line);
        }
    }

    private async Task WaitReadyAsync(Node node)
    {
        using var http = new HttpClient { BaseAddress = node.Url, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            if (node.Process.HasExited)
            {
                throw new InvalidOperationException($"{node.Url} exited before it was ready:{Environment.NewLine}{LogTail(_nodes.IndexOf(node))}");
            }

            try
            {
                using var response = await http.GetAsync("/readyz");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{node.Url} was not ready in 90 s:{Environment.NewLine}{LogTail(_nodes.IndexOf(node))}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>A new user's token from a node's dev-token endpoint.</summary>
    public async Task<string> TokenAsync(int index, string userId)
    {
        using var http = new HttpClient { BaseAddress = _nodes[index].Url };
        using var response = await http.PostAsJsonAsync("/v1/auth/dev-token", new { user_id = userId });
        response.EnsureSuccessStatusCode();
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["access_token"]!;
    }

    private sealed record Node(Process Process, Uri Url, string Log);
}
