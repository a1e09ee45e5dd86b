using System.Diagnostics;

namespace WaQup.Bench;

/// <summary>Decodes a saved ritual (Ogg Opus) with the reference decoder, opusdec (opus-tools), to PCM16 LE mono at 16 kHz.</summary>
public static class OpusFile
{
    public const int SampleRate = 16_000;

    public static async Task<byte[]> DecodeAsync(byte[] ogg, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("opusdec")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--quiet", "--rate", "16000", "--no-dither", "-", "-" })
        {
            start.ArgumentList.Add(argument);
        }

        Process decoder;
        try
        {
            decoder = Process.Start(start) ?? throw new InvalidOperationException("opusdec did not start");
        }
        catch (System.ComponentModel.Win32Exception missing)
        {
            throw new InvalidOperationException("opusdec is not installed (Debian opus-tools; ./waqup bench installs it)", missing);
        }

        using (decoder)
        {
            var errors = decoder.StandardError.ReadToEndAsync(cancellationToken);
            var pcm = new MemoryStream();
            var reading = decoder.StandardOutput.BaseStream.CopyToAsync(pcm, cancellationToken);
            await decoder.StandardInput.BaseStream.WriteAsync(ogg, cancellationToken);
            decoder.StandardInput.Close();
            await reading;
            await decoder.WaitForExitAsync(cancellationToken);
            return decoder.ExitCode == 0
                ? pcm.ToArray()
                : throw new InvalidOperationException($"opusdec failed ({decoder.ExitCode}): {(await errors).Trim()}");
        }
    }
}
