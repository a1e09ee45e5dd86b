using System.ComponentModel;
using System.Diagnostics;

namespace WaQup.Kubernetes.Tests.Infrastructure;

/// <summary>Runs the real <c>kubectl kustomize</c>, so the tests see exactly what <c>kubectl apply -k</c> would send.</summary>
public static class Kubectl
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    public static async Task<string> KustomizeAsync(string directory)
    {
        var start = new ProcessStartInfo("kubectl")
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("kustomize");
        start.ArgumentList.Add(directory);

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start.");
        }
        catch (Win32Exception missing)
        {
            // Not a skip: without kubectl nothing here is checked, and a green run would say otherwise.
            throw new InvalidOperationException("kubectl must be on PATH to render the manifests.", missing);
        }

        using (process)
        using (var timeout = new CancellationTokenSource(Timeout))
        {
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var errors = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"kubectl kustomize {directory} took longer than {Timeout}.");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"kubectl kustomize {directory} failed ({process.ExitCode}): {await errors}");
            }

            return await output;
        }
    }
}
