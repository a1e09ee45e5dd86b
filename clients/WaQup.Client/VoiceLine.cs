using System.Diagnostics;

namespace WaQup.Client;

/// <summary>Something to say, as microphone audio (PCM16 LE, 16 kHz, mono), with the words it says when they are known.</summary>
public sealed record VoiceLine(string Name, byte[] Pcm, string? Text)
{
    /// <summary>Reads a WAV file; a text file of the same name beside it (<c>yes.wav</c>, <c>yes.txt</c>) gives its words.</summary>
    public static async Task<VoiceLine> FromWavAsync(string path, CancellationToken cancellationToken = default)
    {
        var pcm = await Wav.ReadMicrophonePcmAsync(path, cancellationToken);
        var textPath = Path.ChangeExtension(path, ".txt");
        var text = File.Exists(textPath) ? (await File.ReadAllTextAsync(textPath, cancellationToken)).Trim() : null;
        return new VoiceLine(Path.GetFileNameWithoutExtension(path), pcm, string.IsNullOrEmpty(text) ? null : text);
    }

    /// <summary>Whether flite, the synthesiser <see cref="FliteAsync"/> speaks with, is on the PATH.</summary>
    public static string? FindFlite() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "flite"))
            .FirstOrDefault(File.Exists);

    /// <summary>Has flite say <paramref name="text"/> with <paramref name="voice"/> (slt, rms, awb, kal); it writes 16 kHz.</summary>
    public static async Task<VoiceLine> FliteAsync(string name, string text, string voice = "slt", CancellationToken cancellationToken = default)
    {
        var flite = FindFlite() ?? throw new InvalidOperationException("flite is not installed (Debian: apt-get install flite)");
        var file = Path.Combine(Path.GetTempPath(), $"waqup-voice-{Guid.NewGuid():N}.wav");
        try
        {
            using var process = Process.Start(new ProcessStartInfo(flite, ["-voice", voice, "-t", text, "-o", file])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            }) ?? throw new InvalidOperationException("flite did not start");
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"flite exited with {process.ExitCode}: {await errors}{await output}");
            }

            return new VoiceLine(name, await Wav.ReadMicrophonePcmAsync(file, cancellationToken), text);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>How long it lasts.</summary>
    public TimeSpan Duration => TimeSpan.FromMilliseconds(Pcm.Length / 32.0);
}
