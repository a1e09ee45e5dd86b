namespace WaQup.Benchmarks;

/// <summary>This program's own options; everything else on the command line goes to BenchmarkDotNet.</summary>
public sealed record RunOptions
{
    public const string Usage =
        "usage: dotnet run -c Release --project tests/WaQup.Benchmarks -- [--quick] [--summary FILE.md] [--artifacts DIR] [BenchmarkDotNet options, e.g. --filter '*Outbox*']";

    /// <summary>A short job that keeps the whole suite to a few minutes; numbers are rougher.</summary>
    public bool Quick { get; init; }

    /// <summary>Where to write one markdown table of every result, when given.</summary>
    public string? SummaryPath { get; init; }

    /// <summary>BenchmarkDotNet's logs and reports; outside the source tree unless asked otherwise.</summary>
    public string ArtifactsPath { get; init; } = Path.Combine(Path.GetTempPath(), "waqup-benchmarks");

    /// <summary>The arguments for BenchmarkDotNet, with <c>--filter *</c> added when none was given.</summary>
    public IReadOnlyList<string> BenchmarkArgs { get; init; } = [];

    public bool HelpWanted => BenchmarkArgs.Any(arg => arg is "-h" or "--help" or "-?");

    /// <summary>Takes out <c>--quick</c>, <c>--summary</c> and <c>--artifacts</c>; throws <see cref="UsageException"/> on a bad one.</summary>
    public static RunOptions Parse(IReadOnlyList<string> args)
    {
        var quick = false;
        string? summary = null;
        string? artifacts = null;
        var rest = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--quick")
            {
                quick = true;
            }
            else if (TryValue(args, ref i, "--summary", out var value))
            {
                summary = summary is null ? value : throw new UsageException("--summary is given twice");
            }
            else if (TryValue(args, ref i, "--artifacts", out value))
            {
                artifacts = artifacts is null ? value : throw new UsageException("--artifacts is given twice");
            }
            else
            {
                rest.Add(arg);
            }
        }

        // Without a filter BenchmarkDotNet asks on the console which benchmarks to run; a script wants them all.
        if (!rest.Any(arg => arg is "--filter" or "-f" || arg.StartsWith("--filter=", StringComparison.Ordinal)))
        {
            rest.AddRange(["--filter", "*"]);
        }

        var options = new RunOptions { Quick = quick, SummaryPath = summary, BenchmarkArgs = rest };
        return artifacts is null ? options : options with { ArtifactsPath = Path.GetFullPath(artifacts) };
    }

    private static bool TryValue(IReadOnlyList<string> args, ref int i, string name, out string value)
    {
        var arg = args[i];
        if (arg.StartsWith(name + "=", StringComparison.Ordinal))
        {
            value = arg[(name.Length + 1)..];
        }
        else if (arg == name)
        {
            value = i + 1 < args.Count ? args[++i] : throw new UsageException($"{name} needs a value");
        }
        else
        {
            value = "";
            return false;
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            throw new UsageException($"{name} needs a path");
        }

        return true;
    }
}
