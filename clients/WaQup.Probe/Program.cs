using WaQup.Probe;

// Needs dev tokens on (as in ./waqup up).
ProbeOptions options;
try
{
    if (args is ["-h"] or ["--help"])
    {
        Console.WriteLine(ProbeOptions.Usage);
        return 0;
    }

    options = ProbeOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    Console.Error.WriteLine(ProbeOptions.Usage);
    return 2;
}

var report = await new ProbeRun(options, Console.Out).RunAsync();
report.Print(Console.Out, options.Turns);
return 0;
