using System.Globalization;

namespace WaQup.Load;

/// <summary>What one load run does, as given on the command line.</summary>
public sealed record LoadOptions
{
    public const string Usage =
        "usage: WaQup.Load --url URL --sessions N --duration SECONDS --json FILE [--ramp-up SECONDS] [--think-ms MS] [--report FILE.html]\n" +
        "                  [--voice flite|DIR] [--voice-share PERCENT]\n" +
        "  --voice flite    adds the voice scenario: requests and answers spoken at real-time pace, made with flite at start\n" +
        "  --voice DIR      the same from WAV files (PCM16 mono; other rates than 16 kHz are resampled): request*.wav and\n" +
        "                   yes*.wav, each with an optional .txt of the same name holding its words (for transcript accuracy)\n" +
        "  --voice-share P  percent of conversations that are spoken (default 25; 100: voice only)";

    public required Uri Url { get; init; }

    public required int Sessions { get; init; }

    public required TimeSpan Duration { get; init; }

    public required string JsonPath { get; init; }

    public TimeSpan RampUp { get; init; } = TimeSpan.Zero;

    public TimeSpan Think { get; init; } = TimeSpan.FromMilliseconds(500);

    public string? ReportPath { get; init; }

    /// <summary>How long one scripted step may wait for the server before the session counts as failed.</summary>
    public TimeSpan Patience { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Where spoken lines come from: <c>flite</c> (made at start) or a folder of WAV files; null: nothing is spoken.</summary>
    public string? Voice { get; init; }

    /// <summary>Relative weights of the scripted conversations.</summary>
    public ScenarioMix Mix { get; init; } = ScenarioMix.Default;

    /// <summary>Parses <c>--name value</c> or <c>--name=value</c>; throws <see cref="UsageException"/> on anything wrong.</summary>
    public static LoadOptions Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        string[] known = ["--url", "--sessions", "--duration", "--json", "--ramp-up", "--think-ms", "--report", "--voice", "--voice-share"];
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string name;
            string value;
            var equals = arg.IndexOf('=');
            if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 0)
            {
                name = arg[..equals];
                value = arg[(equals + 1)..];
            }
            else
            {
                name = arg;
                if (!known.Contains(name))
                {
                    throw new UsageException($"unknown argument '{arg}'");
                }

                if (i + 1 >= args.Count)
                {
                    throw new UsageException($"{name} needs a value");
                }

                value = args[++i];
            }

            if (!known.Contains(name))
            {
                throw new UsageException($"unknown argument '{name}'");
            }

            if (!values.TryAdd(name, value))
            {
                throw new UsageException($"{name} is given twice");
            }
        }

        foreach (var required in known[..4])
        {
            if (!values.ContainsKey(required))
            {
                throw new UsageException($"{required} is required");
            }
        }

        var url = values["--url"];
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new UsageException($"--url must be an absolute http or https URL, not '{url}'");
        }

        var json = values["--json"];
        if (string.IsNullOrWhiteSpace(json))
        {
            throw new UsageException("--json needs a file name");
        }

        var report = values.GetValueOrDefault("--report");
        if (report is not null && string.IsNullOrWhiteSpace(report))
        {
            throw new UsageException("--report needs a file name");
        }

        var voice = values.GetValueOrDefault("--voice");
        if (voice is not null && voice != "flite" && !Directory.Exists(voice))
        {
            throw new UsageException($"--voice must be 'flite' or a folder of WAV files, and '{voice}' is neither");
        }

        if (voice is null && values.ContainsKey("--voice-share"))
        {
            throw new UsageException("--voice-share needs --voice");
        }

        var voiceShare = values.ContainsKey("--voice-share") ? (int)Number(values, "--voice-share", 1, 100) : 25;
        return new LoadOptions
        {
            Url = uri,
            Sessions = (int)Number(values, "--sessions", 1, 100_000),
            Duration = TimeSpan.FromSeconds(Number(values, "--duration", 0.001, 7 * 24 * 3600)),
            JsonPath = json,
            RampUp = values.ContainsKey("--ramp-up") ? TimeSpan.FromSeconds(Number(values, "--ramp-up", 0, 24 * 3600)) : TimeSpan.Zero,
            Think = values.ContainsKey("--think-ms") ? TimeSpan.FromMilliseconds(Number(values, "--think-ms", 0, 3_600_000)) : TimeSpan.FromMilliseconds(500),
            ReportPath = report,
            Voice = voice,
            Mix = voice is null ? ScenarioMix.Default : ScenarioMix.Default.WithVoiceShare(voiceShare),
        };
    }

    private static double Number(Dictionary<string, string> values, string name, double min, double max)
    {
        var text = values[name];
        var integer = name is "--sessions" or "--voice-share";
        double parsed;
        bool ok;
        if (integer)
        {
            ok = int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole);
            parsed = whole;
        }
        else
        {
            ok = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out parsed) && double.IsFinite(parsed);
        }

        if (!ok)
        {
            throw new UsageException($"{name} must be {(integer ? "a whole number" : "a number")}, not '{text}'");
        }

        if (parsed < min || parsed > max)
        {
            throw new UsageException($"{name} must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}, not {text}");
        }

        return parsed;
    }
}
