using WaQup.Abstractions.Grains;

namespace WaQup.Providers.Audio.Beds;

/// <summary>
/// A quiet background made as it plays, from a seed alone (no recordings): the same seed makes the same samples. Each
/// kind comes out at about <see cref="ReferenceLufs"/> (integrated, BS.1770), for the mixer to set under the voice.
/// </summary>
public abstract class SoundBed
{
    /// <summary>The loudness every bed is made at.</summary>
    public const double ReferenceLufs = -20;

    protected SoundBed(int sampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        SampleRate = sampleRate;
    }

    protected int SampleRate { get; }

    /// <summary>The bed named by a <see cref="SoundBeds"/> value, or null for <see cref="SoundBeds.None"/>.</summary>
    public static SoundBed? Create(string name, int seed, int sampleRate = AudioFormat.SampleRate) => name switch
    {
        SoundBeds.None => null,
        SoundBeds.Noise => new NoiseBed(seed, sampleRate),
        SoundBeds.Drone => new DroneBed(seed, sampleRate),
        SoundBeds.Bells => new BellsBed(seed, sampleRate),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, $"a sound bed is one of {string.Join(", ", SoundBeds.Names)}"),
    };

    /// <summary>Writes the next <paramref name="output"/>.Length samples.</summary>
    public abstract void Render(Span<float> output);
}
