using System.Runtime.InteropServices;
using WaQup.Abstractions.Voice;

namespace WaQup.Providers.Recognition.Embedded;

/// <summary>
/// The speech in an utterance, for measuring its speaker's channel: the 10 ms frames within 30 dB of its loudest,
/// joined. The pauses around the words (pre-roll, the room between them, the pause that ended them) would pull a
/// mean taken over everything down towards the noise floor, and a short word heard against such a mean gains words
/// that were not said ("stop" heard as "stop that").
/// </summary>
internal static class SpeechFrames
{
    private const int FrameSamples = MicrophoneFormat.SampleRate / 100;
    private const double BelowLoudestDb = 30;

    /// <summary>At least this much speech (200 ms) to measure a channel by; less, and there is nothing to go on.</summary>
    private const int FewestFrames = 20;

    /// <summary>Below this RMS (about −80 dBFS) a frame is silence, however quiet the rest.</summary>
    private const double Floor = 3;

    /// <summary>The utterance's speech frames, or null when it holds too little speech to measure.</summary>
    public static byte[]? Of(ReadOnlySpan<byte> pcm)
    {
        var samples = MemoryMarshal.Cast<byte, short>(pcm[..(pcm.Length & ~1)]);
        var frames = samples.Length / FrameSamples;
        var levels = new double[frames];
        for (var f = 0; f < frames; f++)
        {
            double sum = 0;
            foreach (var sample in samples.Slice(f * FrameSamples, FrameSamples))
            {
                sum += (double)sample * sample;
            }

            levels[f] = Math.Sqrt(sum / FrameSamples);
        }

        var threshold = Math.Max(Floor, (frames == 0 ? 0 : levels.Max()) * Math.Pow(10, -BelowLoudestDb / 20));
        var loud = Enumerable.Range(0, frames).Where(f => levels[f] >= threshold).ToList();
        if (loud.Count < FewestFrames)
        {
            return null;
        }

        var speech = new byte[loud.Count * FrameSamples * MicrophoneFormat.BytesPerSample];
        for (var i = 0; i < loud.Count; i++)
        {
            pcm.Slice(loud[i] * FrameSamples * MicrophoneFormat.BytesPerSample, FrameSamples * MicrophoneFormat.BytesPerSample)
                .CopyTo(speech.AsSpan(i * FrameSamples * MicrophoneFormat.BytesPerSample));
        }

        return speech;
    }
}
