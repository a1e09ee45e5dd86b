namespace WaQup.Providers.Audio.Beds;

/// <summary>
/// Soft bowls, struck every five to ten seconds on a pentatonic scale and left to ring: four inharmonic partials (a
/// bowl's, about 1 : 2.7 : 5.2 : 8.4) that die away over nine seconds to one, each strike rising over 10 ms so it
/// does not click. The first is struck within the first half second. Under them, 36 dB down, the room they ring in
/// (the soft noise bed held steady, at the level of a quiet room's air): between strikes the bowls die away, the room does not, so
/// even ducked under the voice the bed never falls to digital silence. Strike times, notes and strengths come from the seed.
/// </summary>
internal sealed class BellsBed : SoundBed
{
    // Brings the bed to ReferenceLufs (measured over seeds by SoundBedTests).
    private const double Calibration = 0.4009;

    private const int Voices = 4;
    private const double Inaudible = 1e-5;
    private static readonly double[] Notes = [261.63, 293.66, 329.63, 392.00, 440.00, 523.25];
    private static readonly (double Ratio, double Level, double Seconds)[] Partials =
        [(1, 1.0, 9), (2.71, 0.42, 5), (5.18, 0.2, 2.5), (8.42, 0.08, 1.2)];

    private static readonly double RoomLevel = Math.Pow(10, -36 / 20.0);

    private readonly BedRandom _random;
    private readonly NoiseBed _room;
    private float[] _roomSamples = [];
    private readonly Oscillator[,] _partials = new Oscillator[Voices, Partials.Length];
    private readonly double[,] _levels = new double[Voices, Partials.Length];
    private readonly double[] _decays = new double[Partials.Length];
    private readonly int _attack;
    private readonly int[] _age = new int[Voices];
    private int _nextVoice;
    private long _untilStrike;

    public BellsBed(int seed, int sampleRate)
        : base(sampleRate)
    {
        _random = new BedRandom(seed);
        _room = new NoiseBed(seed ^ 0x2F6B_3C1D, sampleRate, steady: true);
        _attack = sampleRate / 100;
        for (var p = 0; p < Partials.Length; p++)
        {
            // Down 60 dB over the partial's ring time.
            _decays[p] = Math.Pow(10, -3.0 / (Partials[p].Seconds * sampleRate));
        }

        _untilStrike = (long)(_random.Between(0.05, 0.5) * sampleRate);
    }

    public override void Render(Span<float> output)
    {
        if (_roomSamples.Length != output.Length)
        {
            _roomSamples = new float[output.Length];
        }

        _room.Render(_roomSamples);
        for (var i = 0; i < output.Length; i++)
        {
            if (--_untilStrike <= 0)
            {
                Strike();
            }

            double sum = 0;
            for (var v = 0; v < Voices; v++)
            {
                if (_levels[v, 0] < Inaudible)
                {
                    // Died away (or never struck): its partials, quicker to fade than the first, are gone too.
                    continue;
                }

                var rise = _age[v] < _attack ? (double)_age[v] / _attack : 1;
                _age[v]++;
                for (var p = 0; p < Partials.Length; p++)
                {
                    sum += rise * _levels[v, p] * _partials[v, p].Next();
                    _levels[v, p] *= _decays[p];
                }
            }

            output[i] = (float)((sum + RoomLevel * _roomSamples[i]) * Calibration);
        }

        for (var v = 0; v < Voices; v++)
        {
            for (var p = 0; p < Partials.Length; p++)
            {
                _partials[v, p].Renormalise();
            }
        }
    }

    private void Strike()
    {
        // The oldest voice is taken: struck ten seconds and more before, it has all but died away.
        var v = _nextVoice;
        _nextVoice = (_nextVoice + 1) % Voices;
        var note = _random.Pick(Notes);
        var strength = _random.Between(0.6, 1.0);
        for (var p = 0; p < Partials.Length; p++)
        {
            _partials[v, p] = new Oscillator(note * Partials[p].Ratio, 0, SampleRate);
            _levels[v, p] = strength * Partials[p].Level;
        }

        _age[v] = 0;
        _untilStrike = (long)(_random.Between(5, 10) * SampleRate);
    }
}
