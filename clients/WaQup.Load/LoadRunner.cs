using System.Diagnostics;

namespace WaQup.Load;

/// <summary>Runs a load test: starts the sessions over the ramp-up, stops them at the end of the duration, and summarizes.</summary>
/// <param name="voice">What the voice scenario says; when null and the options ask for voice, it is loaded at the start of the run.</param>
public sealed class LoadRunner(LoadOptions options, VoiceLines? voice = null)
{
    private readonly List<TimelinePoint> _timeline = [];

    public LoadMetrics Metrics { get; } = new();

    /// <summary>Checks that the URL answers health and gives dev tokens; throws <see cref="HttpRequestException"/> otherwise.</summary>
    public static async Task CheckReachableAsync(Uri url, CancellationToken cancellationToken)
    {
        using var http = NewHttp(url);
        using var health = await http.GetAsync("/healthz", cancellationToken);
        health.EnsureSuccessStatusCode();
        await new DevTokens(http).NewUserAsync(cancellationToken);
    }

    public async Task<LoadSummary> RunAsync(CancellationToken cancellationToken = default)
    {
        var lines = voice ?? (options.Voice is null ? null : await VoiceLines.LoadAsync(options.Voice, cancellationToken));
        using var http = NewHttp(options.Url);
        var tokens = new DevTokens(http);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(options.Duration);
        var startedAt = DateTimeOffset.Now;
        var started = Stopwatch.GetTimestamp();
        var workers = new List<Task>(options.Sessions);
        for (var i = 0; i < options.Sessions; i++)
        {
            var delay = options.Sessions > 1 ? options.RampUp * i / options.Sessions : TimeSpan.Zero;
            var user = new VirtualUser(i, options, tokens, Metrics, lines);
            workers.Add(StartLaterAsync(user, delay, stop.Token));
        }

        var all = Task.WhenAll(workers);
        using var ticks = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (!all.IsCompleted)
        {
            await Task.WhenAny(all, ticks.WaitForNextTickAsync(CancellationToken.None).AsTask());
            Sample(Stopwatch.GetElapsedTime(started));
        }

        await all;
        var elapsed = Stopwatch.GetElapsedTime(started);
        var summary = Metrics.Summarize(options.Sessions, elapsed, Timeline());
        await summary.WriteAsync(options.JsonPath, CancellationToken.None);
        if (options.ReportPath is not null)
        {
            await HtmlReport.WriteAsync(summary, options, startedAt, options.ReportPath, CancellationToken.None);
        }

        return summary;
    }

    public IReadOnlyList<TimelinePoint> Timeline()
    {
        lock (_timeline)
        {
            return [.. _timeline];
        }
    }

    private void Sample(TimeSpan at)
    {
        var turn = Metrics.TakeTurnWindow();
        var point = new TimelinePoint(Math.Round(at.TotalSeconds, 3), Metrics.ActiveSessions, Metrics.Turns, turn.P50, turn.P99, turn.Max, Metrics.ErrorTotal, Metrics.FailedSessions);
        lock (_timeline)
        {
            _timeline.Add(point);
        }
    }

    private static async Task StartLaterAsync(VirtualUser user, TimeSpan delay, CancellationToken stop)
    {
        try
        {
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, stop);
            }

            await user.RunAsync(stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private static HttpClient NewHttp(Uri url) => new(new SocketsHttpHandler { MaxConnectionsPerServer = 64 })
    {
        BaseAddress = url,
        Timeout = TimeSpan.FromSeconds(30),
    };
}
