using System.Globalization;
using System.Text.RegularExpressions;

namespace WaQup.Tests.Audio;

/// <summary>
/// Measures audio with ffmpeg's <c>ebur128</c> filter (<c>peak=true</c>): an independent BS.1770 meter, the one the
/// loudness promises are checked against. <c>./waqup test</c> installs ffmpeg.
/// </summary>
internal static partial class Ebur128
{
    public sealed record Reading(double IntegratedLufs, double TruePeakDb);

    public static string Ffmpeg => ExternalTool.Find("ffmpeg")
        ?? throw new InvalidOperationException("ffmpeg is not installed: ./waqup test installs it with apt-get (Debian package ffmpeg)");

    /// <summary>Measures a file in any format ffmpeg reads (an Ogg Opus ritual is decoded at 48 kHz, as players do).</summary>
    public static async Task<Reading> MeasureFileAsync(string file, CancellationToken cancellationToken) =>
        Parse(await RunAsync(cancellationToken, "-i", file));

    /// <summary>Measures PCM16 LE mono.</summary>
    public static async Task<Reading> MeasurePcmAsync(byte[] pcm, int sampleRate, CancellationToken cancellationToken)
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(file, pcm, cancellationToken);
            return Parse(await RunAsync(cancellationToken, "-f", "s16le", "-ar", sampleRate.ToString(CultureInfo.InvariantCulture), "-ac", "1", "-i", file));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<string> RunAsync(CancellationToken cancellationToken, params string[] input)
    {
        var (exitCode, output) = await ExternalTool.RunAsync(
            Ffmpeg, cancellationToken, ["-nostdin", "-nostats", "-hide_banner", .. input, "-af", "ebur128=peak=true:framelog=verbose", "-f", "null", "-"]);
        Assert.True(exitCode == 0, output);
        return output;
    }

    private static Reading Parse(string output)
    {
        var summary = output[output.LastIndexOf("Summary:", StringComparison.Ordinal)..];
        return new Reading(Number(Integrated().Match(summary)), Number(Peak().Match(summary)));
    }

    private static double Number(Match match)
    {
        Assert.True(match.Success, "ffmpeg's ebur128 summary did not have the expected figure");
        return match.Groups[1].Value == "-inf" ? double.NegativeInfinity : double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"I:\s+(-?[\d.]+|-inf) LUFS")]
    private static partial Regex Integrated();

    [GeneratedRegex(@"Peak:\s+(-?[\d.]+|-inf) dBFS")]
    private static partial Regex Peak();
}
