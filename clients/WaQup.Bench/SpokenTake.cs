using System.Buffers.Binary;
using System.Diagnostics;

namespace WaQup.Bench;

/// <summary>
/// One utterance as a microphone sends it (PCM16 LE, 16 kHz, mono): a little room noise, the words as flite says them
/// in the line's voice, then enough room noise for the server's turn detection (700 ms of silence) to end it. Every
/// part is a whole number of 20 ms frames.
/// </summary>
public sealed record SpokenTake(TakeLine Line, byte[] Pcm, int SpeechEndByte)
{
    public const int BytesPerMs = 32;
    public const int LeadMs = 300;
    public const int TrailMs = 1_000;

    /// <summary>Frames quieter than this (RMS, about −45 dBFS) hold no speech: they find where the words end.</summary>
    private const double SpeechRms = 180;

    /// <summary>The room's noise, about −66 dBFS: quiet, but never the digital silence no microphone gives.</summary>
    private const int NoiseAmplitude = 30;

    private const int FrameBytes = 20 * BytesPerMs;

    public string Text => Line.Text;

    public string Voice => Line.Voice;

    public bool Free => Line.Free;

    public double AudioSeconds => Pcm.Length / (BytesPerMs * 1000.0);

    public double SpeechSeconds => (SpeechEndByte - (LeadMs * BytesPerMs)) / (BytesPerMs * 1000.0);

    /// <summary>Makes every take with flite, two at a time.</summary>
    public static async Task<IReadOnlyList<SpokenTake>> SynthesizeAllAsync(IEnumerable<TakeLine> lines, CancellationToken cancellationToken)
    {
        using var gate = new SemaphoreSlim(2);
        return await Task.WhenAll(lines.Select(async (line, index) =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                return await SynthesizeAsync(line, seed: index, cancellationToken);
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    public static async Task<SpokenTake> SynthesizeAsync(TakeLine line, int seed, CancellationToken cancellationToken)
    {
        var speech = await FliteAsync(line.Text, line.Voice, cancellationToken);
        var random = new Random(seed);
        var speechBytes = (speech.Length + FrameBytes - 1) / FrameBytes * FrameBytes;
        var pcm = new byte[(LeadMs + TrailMs) * BytesPerMs + speechBytes];
        for (var i = 0; i < pcm.Length; i += 2)
        {
            BinaryPrimitives.WriteInt16LittleEndian(pcm.AsSpan(i), (short)random.Next(-NoiseAmplitude, NoiseAmplitude + 1));
        }

        var lead = LeadMs * BytesPerMs;
        for (var i = 0; i < speech.Length; i += 2)
        {
            var sample = BinaryPrimitives.ReadInt16LittleEndian(speech.AsSpan(i)) + BinaryPrimitives.ReadInt16LittleEndian(pcm.AsSpan(lead + i));
            BinaryPrimitives.WriteInt16LittleEndian(pcm.AsSpan(lead + i), (short)Math.Clamp(sample, short.MinValue, short.MaxValue));
        }

        return new SpokenTake(line, pcm, lead + SpeechEnd(pcm.AsSpan(lead, speechBytes)));
    }

    /// <summary>Where the last 20 ms frame that holds speech ends.</summary>
    public static int SpeechEnd(ReadOnlySpan<byte> speech)
    {
        for (var end = speech.Length - (speech.Length % FrameBytes); end > 0; end -= FrameBytes)
        {
            double sum = 0;
            var frame = speech.Slice(end - FrameBytes, FrameBytes);
            for (var i = 0; i < frame.Length; i += 2)
            {
                double sample = BinaryPrimitives.ReadInt16LittleEndian(frame[i..]);
                sum += sample * sample;
            }

            if (Math.Sqrt(sum / (FrameBytes / 2)) >= SpeechRms)
            {
                return end;
            }
        }

        throw new InvalidDataException("the synthesised speech holds no frame loud enough to be speech");
    }

    private static async Task<byte[]> FliteAsync(string text, string voice, CancellationToken cancellationToken)
    {
        var file = Path.Combine(Path.GetTempPath(), $"waqup-bench-{Guid.NewGuid():N}.wav");
        try
        {
            var start = new ProcessStartInfo("flite") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var argument in new[] { "-voice", voice, "-t", text, "-o", file })
            {
                start.ArgumentList.Add(argument);
            }

            using var flite = Process.Start(start) ?? throw new InvalidOperationException("flite did not start (./waqup installs it)");
            var errors = flite.StandardError.ReadToEndAsync(cancellationToken);
            await flite.StandardOutput.ReadToEndAsync(cancellationToken);
            await flite.WaitForExitAsync(cancellationToken);
            if (flite.ExitCode != 0)
            {
                throw new InvalidOperationException($"flite -voice {voice} failed ({flite.ExitCode}): {await errors}");
            }

            return ReadWav(await File.ReadAllBytesAsync(file, cancellationToken));
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The samples of a 16 kHz mono PCM16 WAV file, which is what flite's voices write.</summary>
    private static byte[] ReadWav(byte[] wav)
    {
        for (var at = 12; at + 8 <= wav.Length;)
        {
            var id = System.Text.Encoding.ASCII.GetString(wav, at, 4);
            var size = BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(at + 4));
            if (id == "fmt " && (BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(at + 10)) != 1 || BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(at + 12)) != 16_000))
            {
                throw new InvalidDataException("flite wrote something other than 16 kHz mono: choose a 16 kHz voice (slt, rms, awb)");
            }

            if (id == "data")
            {
                var length = Math.Min(size, wav.Length - at - 8) & ~1;
                return wav.AsSpan(at + 8, length).ToArray();
            }

            at += 8 + size + (size & 1);
        }

        throw new InvalidDataException("flite's WAV file has no data chunk");
    }
}
