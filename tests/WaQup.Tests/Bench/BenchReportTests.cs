using WaQup.Bench;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Bench;

public sealed class BenchReportTests
{
    private static readonly BenchOptions Options = BenchOptions.Parse(["--silo", "silo.dll", "--postgres", "Host=x", "--quick"]);

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task The_figures_replace_only_the_marked_block_and_the_analysis_around_it_stays()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("waqup-report-").FullName, "benchmarks.md");
        var first = BenchReport.Render(Options, [new BenchRow("density", "memory", "70 KB", "≤ 50 KB", false)], micro: null, TimeSpan.FromMinutes(1));
        await BenchReport.WriteAsync(path, first);
        var created = await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(path, "intro by hand\n" + created + "\nanalysis by hand\n", TestContext.Current.CancellationToken);

        var second = BenchReport.Render(Options, [new BenchRow("density", "memory", "40 KB | less", "≤ 50 KB", true)], "| micro | table |", TimeSpan.FromMinutes(2));
        await BenchReport.WriteAsync(path, second);

        var text = await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken);
        Assert.StartsWith("intro by hand\n# Benchmarks", text);
        Assert.EndsWith("\nanalysis by hand\n", text);
        Assert.Contains("| density | memory | 40 KB \\| less | ≤ 50 KB | yes |", text);
        Assert.DoesNotContain("70 KB", text);
        Assert.Contains("| micro | table |", text);
        Assert.Single(text.Split(BenchReport.Begin)[1..]);
    }

    [Theory]
    [InlineData("--only", "density,nonsense")]
    [InlineData("--idle", "0")]
    [InlineData("--active", "100,x")]
    [InlineData("--bogus", "1")]
    public void Bad_options_are_refused_with_a_reason(string option, string value)
    {
        var error = Assert.Throws<ArgumentException>(() => BenchOptions.Parse(["--silo", "s.dll", "--postgres", "Host=x", option, value]));
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void Quick_scales_every_benchmark_down_and_explicit_sizes_win()
    {
        var quick = BenchOptions.Parse(["--silo", "s.dll", "--postgres", "Host=x", "--quick", "--idle", "123"]);
        var full = BenchOptions.Parse(["--silo", "s.dll", "--postgres", "Host=x"]);

        Assert.Equal(123, quick.IdleSessions);
        Assert.True(quick.StreamingSessions < full.StreamingSessions);
        Assert.True(quick.Hold < full.Hold);
        Assert.Equal([100, 1_000], full.ActiveSessions);
        Assert.Equal(10_000, full.IdleSessions);
    }
}
