using System.Diagnostics;

namespace WaQup.Tests.Infrastructure;

/// <summary>
/// Waits for a condition that nothing announces (a count on a server, a process gone), checking it often, and fails
/// with what did not happen once the deadline passes. For anything that does announce itself, await that instead.
/// </summary>
public static class Until
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MostStep = TimeSpan.FromMilliseconds(200);

    public static Task TrueAsync(Func<bool> condition, TimeSpan deadline, string what) =>
        TrueAsync(() => Task.FromResult(condition()), deadline, what);

    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan deadline, string what)
    {
        var waited = Stopwatch.StartNew();
        var step = Step;
        while (!await condition())
        {
            Assert.True(waited.Elapsed < deadline, $"not within {deadline.TotalSeconds:0.#} s: {what}");
            await Task.Delay(step, TestContext.Current.CancellationToken);
            // Checked often at first, then less: a condition that takes seconds is not polled a hundred times a second.
            step = step * 2 < MostStep ? step * 2 : MostStep;
        }
    }
}
