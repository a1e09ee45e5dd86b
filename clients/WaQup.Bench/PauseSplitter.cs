using System.Buffers.Binary;

namespace WaQup.Bench;

/// <summary>
/// Cuts a whole ritual's audio (PCM16 LE mono) into utterances at its pauses, so the recogniser hears sentences rather than
/// a minute at once (its search is made for utterances, and a long one drifts). A pause is a run of quiet 20 ms frames at
/// least <c>minPauseMs</c> long; each utterance keeps <c>padMs</c> of the quiet on either side.
/// </summary>
public static class PauseSplitter
{
    /// <summary>Frames quieter than this RMS (about −50 dBFS) are pause: the saved audio's silences decode to near zero.</summary>
    public const double QuietRms = 100;

    public static IReadOnlyList<Range> Utterances(ReadOnlySpan<byte> pcm, int sampleRate, int minPauseMs = 300, int padMs = 150)
    {
        var frameBytes = sampleRate / 50 * 2;
        var frames = pcm.Length / frameBytes;
        var pauseFrames = Math.Max(1, minPauseMs / 20);
        var padFrames = padMs / 20;
        var found = new List<Range>();
        int? start = null;
        var lastLoud = -1;
        for (var frame = 0; frame < frames; frame++)
        {
            if (Rms(pcm.Slice(frame * frameBytes, frameBytes)) >= QuietRms)
            {
                start ??= frame;
                lastLoud = frame;
            }
            else if (start is { } begun && frame - lastLoud >= pauseFrames)
            {
                found.Add(Bytes(begun, lastLoud, padFrames, frameBytes, pcm.Length));
                start = null;
            }
        }

        if (start is { } open)
        {
            found.Add(Bytes(open, lastLoud, padFrames, frameBytes, pcm.Length));
        }

        return found;
    }

    /// <summary>The bytes of frames <paramref name="first"/> to <paramref name="last"/> with their padding, within the audio.</summary>
    private static Range Bytes(int first, int last, int padFrames, int frameBytes, int length) =>
        new(Math.Max(0, first - padFrames) * frameBytes, Math.Min(length, (last + 1 + padFrames) * frameBytes));

    private static double Rms(ReadOnlySpan<byte> frame)
    {
        double sum = 0;
        for (var i = 0; i + 1 < frame.Length; i += 2)
        {
            double sample = BinaryPrimitives.ReadInt16LittleEndian(frame[i..]);
            sum += sample * sample;
        }

        return Math.Sqrt(sum / (frame.Length / 2));
    }
}
