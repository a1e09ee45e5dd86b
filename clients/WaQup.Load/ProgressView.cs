using System.Globalization;
using Spectre.Console;

namespace WaQup.Load;

/// <summary>Shows a run while it goes: a live table on a terminal, a plain line every few seconds otherwise.</summary>
public static class ProgressView
{
    public static async Task<LoadSummary> ShowAsync(LoadRunner runner, LoadOptions options, Task<LoadSummary> run)
    {
        if (Console.IsOutputRedirected)
        {
            while (!run.IsCompleted)
            {
                await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(5)));
                Console.WriteLine(Line(runner.Metrics));
            }

            return await run;
        }

        var table = new Table().AddColumns("active", "turns", "errors", "failed", "p50 turn ms", "p99 turn ms", "cancels", "resumes");
        table.AddRow(Cells(runner.Metrics));
        await AnsiConsole.Live(table).StartAsync(async context =>
        {
            while (!run.IsCompleted)
            {
                await Task.WhenAny(run, Task.Delay(TimeSpan.FromMilliseconds(500)));
                var cells = Cells(runner.Metrics);
                for (var i = 0; i < cells.Length; i++)
                {
                    table.UpdateCell(0, i, cells[i]);
                }

                table.Title = new TableTitle($"waQup load: {options.Sessions} sessions, {options.Duration.TotalSeconds:0}s against {options.Url}");
                context.Refresh();
            }
        });
        return await run;
    }

    public static string Line(LoadMetrics metrics)
    {
        var turn = metrics.TurnLatency();
        return string.Create(CultureInfo.InvariantCulture,
            $"active {metrics.ActiveSessions}, turns {metrics.Turns}, refused {metrics.RitualsRefused}, errors {metrics.ErrorTotal}, failed {metrics.FailedSessions}, turn p50 {turn.P50:0.0} ms, p99 {turn.P99:0.0} ms");
    }

    private static string[] Cells(LoadMetrics metrics)
    {
        var turn = metrics.TurnLatency();
        return
        [
            metrics.ActiveSessions.ToString(CultureInfo.InvariantCulture),
            metrics.Turns.ToString(CultureInfo.InvariantCulture),
            metrics.ErrorTotal.ToString(CultureInfo.InvariantCulture),
            metrics.FailedSessions.ToString(CultureInfo.InvariantCulture),
            turn.P50.ToString("0.0", CultureInfo.InvariantCulture),
            turn.P99.ToString("0.0", CultureInfo.InvariantCulture),
            metrics.Cancels.ToString(CultureInfo.InvariantCulture),
            metrics.Resumes.ToString(CultureInfo.InvariantCulture),
        ];
    }
}
