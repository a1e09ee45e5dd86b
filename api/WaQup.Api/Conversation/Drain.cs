using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace WaQup.Api.Conversation;

/// <summary>How a node stops. Section <c>Shutdown</c>.</summary>
public sealed class ShutdownOptions
{
    /// <summary>
    /// How long the drain may take: sessions move to other silos, then every client is told to reconnect. The host
    /// allows this plus <see cref="AfterDrain"/> to stop Orleans and the web server (Kubernetes' grace must cover both).
    /// </summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(25);

    public static readonly TimeSpan AfterDrain = TimeSpan.FromSeconds(15);
}

/// <summary>Whether this node is draining: it then answers 503 to readiness and to new conversations.</summary>
public sealed class DrainState
{
    private volatile bool _draining;

    public bool Draining => _draining;

    public void Begin() => _draining = true;
}

/// <summary>The silo's part of a drain: moves the sessions it hosts to other silos, with what they retained.</summary>
public interface ISessionHandOff
{
    Task HandOffAsync(CancellationToken cancellationToken);
}

/// <summary>The conversations this node holds, so a drain can tell each to reconnect elsewhere.</summary>
public sealed class ConnectionRegistry
{
    private readonly ConcurrentDictionary<ConversationBridge, Task> _bridges = new();

    public int Count => _bridges.Count;

    public void Add(ConversationBridge bridge, Task running) => _bridges[bridge] = running;

    public void Remove(ConversationBridge bridge) => _bridges.TryRemove(bridge, out _);

    /// <summary>Tells every connected client to reconnect to another node, and waits (within the token) until they have gone.</summary>
    public async Task ReconnectAllAsync(CancellationToken cancellationToken)
    {
        var bridges = _bridges.ToArray();
        await Task.WhenAll(bridges.Select(b => b.Key.ReconnectElsewhereAsync(cancellationToken)));
        // Waits for each conversation to end, however it ends: one whose connection was aborted meanwhile ends in an
        // error that belongs to its own request (and is logged there), not to the drain, which must not fail the
        // node's shutdown for it. Past the token, the drain stops waiting.
        await Task.WhenAll(bridges.Select(b => b.Value)).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}

/// <summary>
/// SIGTERM (a rolling update, a scale-down): before the web server and Orleans stop, the node stops taking sessions,
/// its silo hands the sessions it hosts to other silos (their retained audio goes with them), and every client
/// connected here gets <c>session.reconnect</c> and close code 1012, then resumes on another node without a gap.
/// </summary>
public sealed class DrainService(
    DrainState state,
    ConnectionRegistry connections,
    IOptions<ShutdownOptions> options,
    IServiceProvider services,
    ILogger<DrainService> logger) : IHostedLifecycleService
{
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        state.Begin();
        var started = TimeProvider.System.GetTimestamp();
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(options.Value.DrainTimeout);
        logger.LogInformation("Draining: {Connections} conversations connected here", connections.Count);
        if (services.GetService(typeof(ISessionHandOff)) is ISessionHandOff handOff)
        {
            try
            {
                await handOff.HandOffAsync(budget.Token);
            }
            catch (Exception error) when (error is not OperationCanceledException || budget.IsCancellationRequested)
            {
                logger.LogWarning(error, "Draining: not every session was handed over; the rest resume from their persisted state");
            }
        }

        await connections.ReconnectAllAsync(budget.Token);
        logger.LogInformation("Drained in {Elapsed:F1} s; {Left} conversations still open",
            TimeProvider.System.GetElapsedTime(started).TotalSeconds, connections.Count);
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
