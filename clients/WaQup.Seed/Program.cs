using WaQup.Seed;

SeedOptions options;
try
{
    if (args is ["-h"] or ["--help"])
    {
        Console.WriteLine(SeedOptions.Usage);
        return 0;
    }

    options = SeedOptions.Parse(args);
}
catch (UsageException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    Console.Error.WriteLine(SeedOptions.Usage);
    return 2;
}

using var interrupted = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    interrupted.Cancel();
};

try
{
    return await new Seeder(options, Console.Out).RunAsync(interrupted.Token);
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("seed: interrupted; what was published stays, and --run with the same name finishes the rest");
    return 130;
}
catch (HttpRequestException e)
{
    Console.Error.WriteLine($"error: {options.Url} is not reachable: {e.Message}");
    return 1;
}
