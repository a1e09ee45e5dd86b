using System.Diagnostics;
using BenchmarkDotNet.Running;
using WaQup.Benchmarks;

// Benchmark classes are public and unsealed because BenchmarkDotNet derives from them.
RunOptions options;
try
{
    options = RunOptions.Parse(args);
}
catch (UsageException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    Console.Error.WriteLine(RunOptions.Usage);
    return 2;
}

if (options.HelpWanted)
{
    Console.WriteLine(RunOptions.Usage);
    Console.WriteLine("The BenchmarkDotNet options:");
}

var started = Stopwatch.GetTimestamp();
var summaries = BenchmarkSwitcher.FromAssembly(typeof(RunOptions).Assembly)
    .Run([.. options.BenchmarkArgs], SuiteConfig.Create(options))
    .ToList();
var reports = summaries.SelectMany(summary => summary.Reports).ToList();
if (options.HelpWanted || args.Contains("--list"))
{
    return 0;
}

if (reports.Count == 0)
{
    Console.Error.WriteLine("error: no benchmark ran (does the filter match any? --list flat shows them all)");
    return 1;
}

Console.WriteLine($"{reports.Count} benchmarks in {Stopwatch.GetElapsedTime(started).TotalSeconds:0} s; artifacts in {options.ArtifactsPath}");
if (options.SummaryPath is { } path)
{
    var full = Path.GetFullPath(path);
    Directory.CreateDirectory(Path.GetDirectoryName(full)!);
    await File.WriteAllTextAsync(full, MarkdownSummary.Render(reports));
    Console.WriteLine($"summary written to {full}");
}

var failed = reports.Where(report => !report.Success || report.ResultStatistics is null).ToList();
foreach (var report in failed)
{
    Console.Error.WriteLine($"error: {report.BenchmarkCase.DisplayInfo} failed");
}

return failed.Count == 0 && !summaries.Any(summary => summary.HasCriticalValidationErrors) ? 0 : 1;
