using System.Collections.Concurrent;
using System.Diagnostics;
using Azure.Storage.Blobs;
using WaQup.Providers.Blobs.Azure;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.AzureBlobs;

/// <summary>A real Azurite blob service on a free loopback port, from the install that <c>./waqup test</c> makes.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public const string BinaryVariable = "WAQUP_AZURITE_BLOB";

    private const string AccountName = "devstoreaccount1";
    // Azurite's published development key, the same in every install: not a secret.
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private const int StartAttempts = 3;
    private const int OutputLinesKept = 200;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    // A test host killed outright never disposes its fixtures. Azurite runs under this small node wrapper, whose stdin
    // is a pipe only the test host holds: the kernel closes it however the host ends, and the wrapper then stops Azurite.
    private const string Watchdog = """
        const [script, ...args] = process.argv.slice(1);
        const child = require('child_process').spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'inherit', 'inherit'] });
        const stop = () => child.kill();
        process.stdin.on('end', stop).on('error', stop).resume();
        process.on('SIGTERM', stop);
        child.on('exit', code => process.exit(code ?? 1));
        """;

    private readonly ConcurrentQueue<string> _output = new();
    private DirectoryInfo? _location;
    private Process? _process;

    /// <summary>The blob endpoint, with the account name as the first path segment as Azurite expects.</summary>
    public Uri BlobEndpoint { get; private set; } = null!;

    public string ConnectionString => ConnectionStringFor(BlobEndpoint);

    /// <summary>Direct access to the service, for checking what a store did.</summary>
    public BlobServiceClient Service => new(ConnectionString);

    /// <summary>The development account at another endpoint, such as a proxy in front of Azurite.</summary>
    public static string ConnectionStringFor(Uri blobEndpoint) =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint={blobEndpoint};";

    /// <summary>A store over a container of its own, so tests never see each other's blobs.</summary>
    public AzureBlobStore CreateStore(string? containerName = null, string? connectionString = null) =>
        new(new AzureBlobStoreOptions
        {
            ConnectionString = connectionString ?? ConnectionString,
            ContainerName = containerName ?? NewContainerName(),
        });

    public static string NewContainerName() => $"test-{Guid.NewGuid():N}";

    public async ValueTask InitializeAsync()
    {
        var azurite = Environment.GetEnvironmentVariable(BinaryVariable);
        if (string.IsNullOrEmpty(azurite) || !File.Exists(azurite))
        {
            throw new InvalidOperationException(
                $"{BinaryVariable} is {(string.IsNullOrEmpty(azurite) ? "not set" : $"'{azurite}', which does not exist")}: "
                + "run the tests with ./waqup test, which installs Azurite with npm and points this variable at azurite-blob.");
        }

        _location = Directory.CreateTempSubdirectory("waqup-azurite-");
        AppDomain.CurrentDomain.ProcessExit += StopOnHostExit;
        for (var attempt = 1; ; attempt++)
        {
            // The free port can be taken between choosing it and Azurite binding it; a fresh port fixes that.
            var endpoint = new Uri($"http://127.0.0.1:{FreePorts.Next()}/{AccountName}");
            _process = Start(azurite, endpoint.Port, _location.FullName);
            if (await WaitUntilListeningAsync(_process, endpoint))
            {
                BlobEndpoint = endpoint;
                return;
            }

            await StopAsync();
            if (attempt == StartAttempts)
            {
                AppDomain.CurrentDomain.ProcessExit -= StopOnHostExit;
                _location.Delete(recursive: true);
                _location = null;
                throw new InvalidOperationException($"Azurite did not start after {StartAttempts} attempts. Its output:\n{string.Join('\n', _output)}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= StopOnHostExit;
        await StopAsync();
        _location?.Delete(recursive: true);
    }

    private Process Start(string azurite, int port, string location)
    {
        var info = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "-e", Watchdog, azurite,
            "--blobHost", "127.0.0.1", "--blobPort", port.ToString(),
            "--location", location,
            "--disableTelemetry", "--skipApiVersionCheck", "--loose",
        })
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, line) => Keep(line.Data);
        process.ErrorDataReceived += (_, line) => Keep(line.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            process.Dispose();
            throw new InvalidOperationException("Azurite needs node on the PATH; ./waqup test installs it.", exception);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Polls until Azurite answers HTTP; false when it exits first (typically: the port was taken).</summary>
    private static async Task<bool> WaitUntilListeningAsync(Process process, Uri endpoint)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (!process.HasExited)
        {
            try
            {
                // Any HTTP answer, even 403 for the missing signature, means the service is up.
                using var response = await http.GetAsync(new Uri(endpoint + "?comp=list"));
                return true;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            if (deadline.Elapsed > StartTimeout)
            {
                return false;
            }

            await Task.Delay(PollInterval);
        }

        return false;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > OutputLinesKept)
        {
            _output.TryDequeue(out var _);
        }
    }

    private async Task StopAsync()
    {
        if (_process is not { } process)
        {
            return;
        }

        Stop();
        await process.WaitForExitAsync();
        process.Dispose();
        _process = null;
    }

    private void StopOnHostExit(object? sender, EventArgs e) => Stop();

    private void Stop()
    {
        try
        {
            _process?.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }
}
