using WaQup.Providers.Audio.Beds;
using WaQup.Providers.Audio.Loudness;

namespace WaQup.Providers.Audio.Mixing;

/// <summary>
/// Makes a ritual's audio, frame by frame as it is spoken: the voice brought to the target loudness, the bed (if any)
/// set under it and ducked while the voice speaks, and a true-peak limiter over both. The same frames go to the
/// listener and to the saved file, so both sound alike. Not thread-safe; one per ritual.
/// </summary>
/// <remarks>
/// The voice's gain comes from its loudness measured so far (BS.1770, gated), starting from
/// <see cref="MixSettings.ExpectedVoiceLufs"/> until a few seconds of it were heard, and moves within each frame so it
/// never steps. Each frame handed out is the mix's one buffer: send or copy it before asking for the next.
/// </remarks>
public sealed class RitualMix
{
    private const int Samples = AudioFormat.SamplesPerFrame;
    // How much of the voice is measured before its measure alone sets the gain.
    private const double SettleSeconds = 1.5;
    private const double MaxBoostDb = 24;
    private const double MaxCutDb = -24;

    private readonly MixSettings _settings;
    private readonly SoundBed? _bed;
    private readonly LoudnessMeter _voiceMeter = new(AudioFormat.SampleRate);
    private readonly PeakLimiter _limiter;
    private readonly float[] _voice = new float[Samples];
    private readonly float[] _bedSamples = new float[Samples];
    private readonly float[] _mixed = new float[Samples];
    private readonly byte[] _frame = new byte[AudioFormat.FrameBytes];
    private readonly double _bedLevel;
    private readonly double _duckedLevel;
    private readonly double _duckDown;
    private readonly double _duckUp;
    private readonly int _fadeInSamples;
    private readonly int _fadeOutSamples;
    private double _gain;
    private double _duck = 1;
    private long _position;
    private int _tailFramesLeft;
    private long _tailPosition;

    public RitualMix(MixSettings settings, SoundBed? bed)
    {
        _settings = settings;
        _bed = bed;
        _limiter = new PeakLimiter(settings.CeilingDb, AudioFormat.SampleRate);
        _gain = Decibels(GainDbFor(settings.ExpectedVoiceLufs));
        _bedLevel = Decibels(settings.TargetLufs - settings.BedBelowVoiceDb - SoundBed.ReferenceLufs);
        _duckedLevel = Decibels(-settings.BedDuckDb);
        _duckDown = 1 - Math.Exp(-1 / (0.25 * AudioFormat.SampleRate));
        _duckUp = 1 - Math.Exp(-1 / (1.0 * AudioFormat.SampleRate));
        _fadeInSamples = Math.Max(1, (int)(settings.FadeIn.TotalSeconds * AudioFormat.SampleRate));
        // The tail: the bed fading out, or just what the limiter still holds.
        _tailFramesLeft = bed is null
            ? (PeakLimiter.Latency + Samples - 1) / Samples
            : (int)Math.Ceiling(settings.FadeOut.TotalSeconds * AudioFormat.SampleRate / Samples);
        _fadeOutSamples = Math.Max(1, _tailFramesLeft * Samples - PeakLimiter.Latency);
    }

    /// <summary>The gain on the voice now, in dB.</summary>
    public double VoiceGainDb => 20 * Math.Log10(_gain);

    /// <summary>The voice's loudness as measured so far (before its gain), in LUFS; −∞ before enough of it.</summary>
    public double MeasuredVoiceLufs => _voiceMeter.IntegratedLufs;

    /// <summary>The lowest gain the limiter applied so far, in dB (0 when it never acted).</summary>
    public double DeepestLimitingDb => 20 * Math.Log10(_limiter.DeepestGain);

    /// <summary>Frames <see cref="TryTakeTail"/> still has after the voice: the bed fading out, and the limiter's last samples.</summary>
    public int TailFrames => _tailFramesLeft;

    /// <summary>One frame of the voice (PCM16 LE, at most a frame; a short one is padded with silence), mixed.</summary>
    public ReadOnlyMemory<byte> Voice(ReadOnlySpan<byte> pcm)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pcm.Length, AudioFormat.FrameBytes);
        Array.Clear(_voice);
        Pcm16.ToFloat(pcm, _voice);
        _voiceMeter.Add(_voice.AsSpan(0, pcm.Length / 2));
        var next = Decibels(GainDbFor(EstimatedVoiceLufs()));
        // From the last frame's gain to this one's across the frame: no step.
        var step = (next - _gain) / Samples;
        for (var i = 0; i < Samples; i++)
        {
            _voice[i] *= (float)(_gain + step * (i + 1));
        }

        _gain = next;
        return Mix(speaking: true, fadeOut: false);
    }

    /// <summary>One frame of a pause: the bed alone, or silence.</summary>
    public ReadOnlyMemory<byte> Pause()
    {
        Array.Clear(_voice);
        return Mix(speaking: false, fadeOut: false);
    }

    /// <summary>The next frame of the tail, once the voice has ended; false when there is none left.</summary>
    public bool TryTakeTail(out ReadOnlyMemory<byte> frame)
    {
        if (_tailFramesLeft == 0)
        {
            frame = default;
            return false;
        }

        _tailFramesLeft--;
        Array.Clear(_voice);
        frame = Mix(speaking: false, fadeOut: true);
        return true;
    }

    private ReadOnlyMemory<byte> Mix(bool speaking, bool fadeOut)
    {
        if (_bed is null)
        {
            _voice.CopyTo(_mixed, 0);
        }
        else
        {
            _bed.Render(_bedSamples);
            var duckTarget = speaking ? _duckedLevel : 1.0;
            var rate = speaking ? _duckDown : _duckUp;
            for (var i = 0; i < Samples; i++)
            {
                _duck += (duckTarget - _duck) * rate;
                var position = _position + i;
                var fade = position < _fadeInSamples ? RaisedCosine((double)position / _fadeInSamples) : 1.0;
                if (fadeOut)
                {
                    fade *= 1 - RaisedCosine(Math.Min(1.0, (double)(_tailPosition + i) / _fadeOutSamples));
                }

                _mixed[i] = _voice[i] + (float)(_bedSamples[i] * _bedLevel * _duck * fade);
            }
        }

        _position += Samples;
        if (fadeOut)
        {
            _tailPosition += Samples;
        }

        _limiter.Process(_mixed, _mixed);
        Pcm16.FromFloat(_mixed, _frame);
        return _frame;
    }

    private double EstimatedVoiceLufs()
    {
        var measured = _voiceMeter.IntegratedLufs;
        var seconds = _voiceMeter.Gated.TotalSeconds;
        if (double.IsNegativeInfinity(measured) || seconds == 0)
        {
            return _settings.ExpectedVoiceLufs;
        }

        // From the expectation to the measure over the first seconds of voice; its measure alone from then on.
        var weight = Math.Min(1, seconds / SettleSeconds);
        return _settings.ExpectedVoiceLufs * (1 - weight) + measured * weight;
    }

    private double GainDbFor(double voiceLufs) => Math.Clamp(_settings.TargetLufs - voiceLufs, MaxCutDb, MaxBoostDb);

    private static double RaisedCosine(double x) => 0.5 - 0.5 * Math.Cos(Math.PI * x);

    private static double Decibels(double db) => Math.Pow(10, db / 20);
}
