using WaQup.Providers.Audio.Beds;
using WaQup.Providers.Audio.Mixing;

namespace WaQup.Grains.Configuration;

/// <summary>How rituals sound: their loudness and the bed under them. Section <c>Sound</c> (docs/voice.md, "Sound beds and loudness").</summary>
public sealed class SoundOptions
{
    /// <summary>Off, a ritual is streamed and saved as its voice made it: no levelling, no limiter, no bed.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The integrated loudness a ritual is made at, in LUFS.</summary>
    public double TargetLufs { get; set; } = -16;

    /// <summary>The highest true peak let out before encoding, in dBTP (the saved file stays under −1 after Opus).</summary>
    public double CeilingDb { get; set; } = -2;

    /// <summary>How far under the voice the bed plays in pauses, in dB.</summary>
    public double BedBelowVoiceDb { get; set; } = 20;

    /// <summary>How much further down the bed goes while the voice speaks, in dB.</summary>
    public double BedDuckDb { get; set; } = 8;

    /// <summary>The mix for one ritual with this bed, or null when sound is off.</summary>
    public RitualMix? MixFor(string bed, int seed) => Enabled
        ? new RitualMix(
            new MixSettings { TargetLufs = TargetLufs, CeilingDb = CeilingDb, BedBelowVoiceDb = BedBelowVoiceDb, BedDuckDb = BedDuckDb },
            SoundBed.Create(bed, seed))
        : null;
}
