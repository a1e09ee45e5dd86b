using Microsoft.Extensions.Hosting;

namespace WaQup.Silo.Database;

/// <summary>Runs the migrations at start-up; registered before Orleans, so the silo starts on a current schema.</summary>
public sealed class MigrationService(MigrationRunner runner) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => runner.ApplyAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
