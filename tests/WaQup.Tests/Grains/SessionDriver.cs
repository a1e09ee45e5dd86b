using WaQup.Abstractions.Grains;
using WaQup.Abstractions.Protocol;

namespace WaQup.Tests.Grains;

/// <summary>Drives a session grain the way the api's bridge does: start, commands, and polling its outbox.</summary>
public sealed class SessionDriver(ISessionGrain session, SessionStart start)
{
    private long _cursor = start.Cursor;

    public ISessionGrain Session { get; } = session;

    public int Connection { get; } = start.Connection;

    public SessionReadyEvent Ready { get; } = start.Ready!;

    /// <summary>Everything polled so far, in order.</summary>
    public List<OutboxItem> Items { get; } = [];

    public IEnumerable<string> States => Items.Select(i => i.Event).OfType<StateChangedEvent>().Select(e => e.State);

    public static async Task<SessionDriver> StartAsync(IGrainFactory grains, string userId)
    {
        var session = grains.GetGrain<ISessionGrain>($"ses_{Guid.NewGuid():N}");
        var start = await session.StartAsync(new SessionStartRequest(userId, null, 0, null));
        Assert.Null(start.Error);
        return new SessionDriver(session, start);
    }

    /// <summary>A new session of <paramref name="userId"/>, once its greeting is over and it listens.</summary>
    public static async Task<SessionDriver> ListeningAsync(IGrainFactory grains, string userId)
    {
        var driver = await StartAsync(grains, userId);
        await driver.StateAsync("listening");
        return driver;
    }

    /// <summary>Asks for a ritual by structured request, confirmed at once; the session must take it.</summary>
    public async Task RequestRitualAsync(string kind, string topic, int minutes) =>
        Assert.Null(await Session.RitualRequestAsync(Connection, new RitualRequestCommand(kind, topic, minutes, null, Confirm: true)));

    /// <summary>Polls until an event matching <paramref name="until"/> arrives.</summary>
    public async Task<T> WaitForAsync<T>(Func<T, bool>? until = null, int seconds = 60) where T : ServerEvent
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            OutboxBatch batch;
            try
            {
                batch = await Session.PollAsync(Connection, _cursor, 0, timeout.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                // A quiet spell, as the bridge sees between events: poll again.
                continue;
            }

            foreach (var item in batch.Items)
            {
                Items.Add(item);
                _cursor = item.Index;
                if (item.Event is T match && (until is null || until(match)))
                {
                    return match;
                }
            }
        }

        throw new TimeoutException($"no {typeof(T).Name} within {seconds} s; states so far: {string.Join(", ", States)}");
    }

    public Task<StateChangedEvent> StateAsync(string state) => WaitForAsync<StateChangedEvent>(e => e.State == state);
}
