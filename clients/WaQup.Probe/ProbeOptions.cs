namespace WaQup.Probe;

/// <summary>What the probe does, as given on the command line.</summary>
public sealed record ProbeOptions
{
    public const string Usage =
        "usage: WaQup.Probe [base-url] [turns] [--voice | --voice-dir DIR]\n" +
        "  --voice          speak instead of typing: the request and the \"yes\" are made with flite (slt) at start\n" +
        "  --voice-dir DIR  speak request.wav and yes.wav from DIR (PCM16 mono WAV; request.txt, yes.txt: their words)";

    public Uri BaseUri { get; init; } = new("http://127.0.0.1:8080");

    public int Turns { get; init; } = 5;

    /// <summary>Speak the turns (made with flite) instead of typing them.</summary>
    public bool Voice { get; init; }

    /// <summary>Speak the turns from the WAV files in this folder.</summary>
    public string? VoiceDirectory { get; init; }

    public TimeSpan Patience { get; init; } = TimeSpan.FromSeconds(60);

    public bool Speaks => Voice || VoiceDirectory is not null;

    /// <summary>Reads <c>[base-url] [turns]</c> and the voice flags; throws <see cref="ArgumentException"/> on anything wrong.</summary>
    public static ProbeOptions Parse(IReadOnlyList<string> args)
    {
        var positional = new List<string>();
        var options = new ProbeOptions();
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--voice":
                    options = options with { Voice = true };
                    break;
                case "--voice-dir" when i + 1 < args.Count:
                    options = options with { VoiceDirectory = args[++i] };
                    break;
                case "--voice-dir":
                    throw new ArgumentException("--voice-dir needs a folder");
                case var flag when flag.StartsWith("--", StringComparison.Ordinal):
                    throw new ArgumentException($"unknown argument '{flag}'");
                default:
                    positional.Add(args[i]);
                    break;
            }
        }

        if (options.Voice && options.VoiceDirectory is not null)
        {
            throw new ArgumentException("--voice and --voice-dir exclude each other");
        }

        if (positional.Count > 2)
        {
            throw new ArgumentException($"unexpected argument '{positional[2]}'");
        }

        if (positional.Count > 0)
        {
            if (!Uri.TryCreate(positional[0], UriKind.Absolute, out var uri))
            {
                throw new ArgumentException($"'{positional[0]}' is not an absolute URL");
            }

            options = options with { BaseUri = uri };
        }

        if (positional.Count > 1)
        {
            if (!int.TryParse(positional[1], out var turns) || turns < 1)
            {
                throw new ArgumentException($"turns must be a whole number above 0, not '{positional[1]}'");
            }

            options = options with { Turns = turns };
        }

        return options;
    }
}
