using System.Globalization;
using System.Text;
using BenchmarkDotNet.Reports;

namespace WaQup.Benchmarks;

/// <summary>Every result of a run as one GitHub-markdown table, to paste into docs/benchmarks.md.</summary>
public static class MarkdownSummary
{
    public static string Render(IEnumerable<BenchmarkReport> reports)
    {
        var table = new StringBuilder()
            .AppendLine("| Benchmark | Method | Mean | Error | StdDev | Allocated/op |")
            .AppendLine("| --- | --- | ---: | ---: | ---: | ---: |");
        foreach (var report in reports)
        {
            var benchmark = report.BenchmarkCase;
            var method = benchmark.Descriptor.WorkloadMethodDisplayInfo;
            if (benchmark.HasParameters)
            {
                method += $" ({string.Join(", ", benchmark.Parameters.Items.Select(p => $"{p.Name}={p.Value}"))})";
            }

            var statistics = report.ResultStatistics;
            var allocated = report.GcStats.GetBytesAllocatedPerOperation(benchmark);
            table.Append(CultureInfo.InvariantCulture, $"| {Cell(benchmark.Descriptor.Type.Name)} | {Cell(method)} | ");
            if (statistics is null)
            {
                table.AppendLine("failed | - | - | - |");
                continue;
            }

            var unit = Unit.For(statistics.Mean);
            table.AppendLine(CultureInfo.InvariantCulture,
                $"{unit.Format(statistics.Mean)} | {unit.Format(statistics.ConfidenceInterval.Margin)} | {unit.Format(statistics.StandardDeviation)} | {Bytes(allocated)} |");
        }

        return table.ToString();
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    private static string Bytes(long? bytes) =>
        bytes is { } b ? b.ToString("N0", CultureInfo.InvariantCulture) + " B" : "-";

    /// <summary>The time unit that keeps a row's mean below a thousand; the row's other times use it too.</summary>
    private readonly record struct Unit(string Name, double Nanoseconds)
    {
        public static Unit For(double nanoseconds) => nanoseconds switch
        {
            < 1e3 => new("ns", 1),
            < 1e6 => new("μs", 1e3),
            < 1e9 => new("ms", 1e6),
            _ => new("s", 1e9),
        };

        public string Format(double nanoseconds) =>
            double.IsFinite(nanoseconds)
                ? (nanoseconds / Nanoseconds).ToString("F2", CultureInfo.InvariantCulture) + " " + Name
                : "NA";
    }
}
