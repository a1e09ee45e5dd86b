using System.Buffers.Binary;
using WaQup.Providers.Audio;

namespace WaQup.Benchmarks.Audio;

/// <summary>Deterministic PCM16 LE mono 24 kHz with the traits an encoder reacts to in a voice.</summary>
/// <remarks>
/// Silence or a pure tone would flatter the Opus encoder; this is voiced (a dozen harmonics of a gliding pitch),
/// swells at syllable rate and carries a little noise, without depending on espeak-ng being installed.
/// </remarks>
internal static class SpeechLikePcm
{
    public static byte[] Create(int bytes)
    {
        var pcm = new byte[bytes & ~1];
        var noise = new Random(7);
        var phase = 0.0;
        for (var i = 0; i < pcm.Length / 2; i++)
        {
            var seconds = (double)i / AudioFormat.SampleRate;
            var pitchHz = 130 + 40 * Math.Sin(2 * Math.PI * 0.7 * seconds);
            phase += 2 * Math.PI * pitchHz / AudioFormat.SampleRate;
            var voiced = 0.0;
            for (var harmonic = 1; harmonic <= 12; harmonic++)
            {
                voiced += Math.Sin(harmonic * phase) / harmonic;
            }

            var syllables = 0.55 + 0.45 * Math.Sin(2 * Math.PI * 4 * seconds);
            var sample = 5000 * syllables * voiced + 400 * (noise.NextDouble() - 0.5);
            BinaryPrimitives.WriteInt16LittleEndian(pcm.AsSpan(2 * i), (short)Math.Clamp(sample, short.MinValue, short.MaxValue));
        }

        return pcm;
    }
}
