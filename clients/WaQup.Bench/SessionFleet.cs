using WaQup.Load;

namespace WaQup.Bench;

/// <summary>
/// Opens many sessions, a bounded number at a time, each for a fresh user (or with no token at all when
/// <c>anonymous</c>, for the bare baseline); keeps the ones that opened.
/// </summary>
public sealed class SessionFleet(Uri url, BenchStats stats, int concurrency, bool anonymous = false) : IAsyncDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 32 }) { BaseAddress = url, Timeout = TimeSpan.FromSeconds(60) };
    private readonly List<BenchSession> _sessions = [];

    public IReadOnlyList<BenchSession> Sessions
    {
        get
        {
            lock (_sessions)
            {
                return [.. _sessions];
            }
        }
    }

    /// <summary>Opens <paramref name="count"/> sessions and runs <paramref name="script"/> on each as soon as it is open.</summary>
    public async Task<List<Task>> OpenAsync(int count, Func<BenchSession, Task>? script, CancellationToken cancellationToken)
    {
        var tokens = new DevTokens(_http);
        using var gate = new SemaphoreSlim(concurrency);
        var scripts = new List<Task>();
        var opening = new List<Task>(count);
        for (var i = 0; i < count; i++)
        {
            await gate.WaitAsync(cancellationToken);
            opening.Add(OpenOneAsync());
        }

        await Task.WhenAll(opening);
        return scripts;

        async Task OpenOneAsync()
        {
            var session = new BenchSession(url, stats);
            try
            {
                var token = anonymous ? "none" : await tokens.NewUserAsync(cancellationToken);
                // Without a script nothing waits for the spoken greeting: the session hears it while the next ones connect.
                await session.ConnectAsync(token, untilListening: script is not null, cancellationToken);
                lock (_sessions)
                {
                    _sessions.Add(session);
                    if (script is not null)
                    {
                        scripts.Add(RunScriptAsync(session, script, cancellationToken));
                    }
                }
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested)
            {
                stats.Failed($"connect: {error.GetType().Name}: {error.Message}");
                await session.DisposeAsync();
            }
            finally
            {
                gate.Release();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var session in Sessions)
        {
            await session.DisposeAsync();
        }

        _http.Dispose();
    }

    private async Task RunScriptAsync(BenchSession session, Func<BenchSession, Task> script, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            await script(session);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception error)
        {
            stats.Failed($"{error.GetType().Name}: {error.Message}");
        }
    }
}
