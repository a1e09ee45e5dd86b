using System.Globalization;

namespace WaQup.Seed;

/// <summary>What <c>./waqup seed</c> was asked for.</summary>
public sealed record SeedOptions(Uri Url, int Packs, int Creators, int RitualsPerPack, int Concurrency, string Run)
{
    public const string Usage =
        """
        usage: ./waqup seed --packs N [--url URL] [--creators N] [--rituals-per-pack N] [--concurrency N] [--run NAME]
          --packs N             published packs to add (1 to 100000)
          --url URL             the running system (default http://127.0.0.1:$WAQUP_PORT, or :8080)
          --creators N          demo creators sharing them (default: one per pack up to 300, and enough that each
                                pays for its rituals out of the welcome credits)
          --rituals-per-pack N  one-minute rituals in each pack (1 to 5; default 1)
          --concurrency N       rituals asked for at once (default 4)
          --run NAME            names this seeding's demo users (default: a new name each time)
        """;

    /// <summary>Rituals one demo creator asks for at most: what the welcome grant pays for, with a margin.</summary>
    public const int RitualsPerCreator = 4;

    public static SeedOptions Parse(IReadOnlyList<string> args)
    {
        int? packs = null, creators = null;
        var ritualsPerPack = 1;
        var concurrency = 4;
        var port = Environment.GetEnvironmentVariable("WAQUP_PORT") is { Length: > 0 } p ? p : "8080";
        var url = new Uri($"http://127.0.0.1:{port}");
        var run = Guid.NewGuid().ToString("N")[..6];
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new UsageException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--packs": packs = Number(args[i], value, 1, 100_000); break;
                case "--creators": creators = Number(args[i], value, 1, 100_000); break;
                case "--rituals-per-pack": ritualsPerPack = Number(args[i], value, 1, 5); break;
                case "--concurrency": concurrency = Number(args[i], value, 1, 64); break;
                case "--url": url = Uri.TryCreate(value, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" ? u : throw new UsageException($"--url {value} is not an http(s) address"); break;
                case "--run": run = value.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') && value.Length is > 0 and <= 32 ? value : throw new UsageException("--run is 1 to 32 letters, digits or hyphens"); break;
                default: throw new UsageException($"unknown option {args[i]}");
            }

            i++;
        }

        if (packs is not { } n)
        {
            throw new UsageException("--packs is required");
        }

        var needed = (int)Math.Ceiling(n * ritualsPerPack / (double)RitualsPerCreator);
        var chosen = Math.Max(creators ?? Math.Min(n, 300), needed);
        return new SeedOptions(url, n, chosen, ritualsPerPack, concurrency, run);
    }

    private static int Number(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new UsageException($"{name} is a whole number from {min} to {max}");
}

/// <summary>The command line was not understood.</summary>
public sealed class UsageException(string message) : Exception(message);
