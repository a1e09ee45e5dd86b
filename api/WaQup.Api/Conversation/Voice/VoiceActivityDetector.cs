using System.Buffers.Binary;
using WaQup.Abstractions.Voice;

namespace WaQup.Api.Conversation.Voice;

/// <summary>
/// Finds speech in microphone audio (PCM16 LE, 16 kHz, mono) by its energy against a floor that follows the room's
/// noise, on 20 ms frames with hysteresis: speech starts when most of the last few frames stand well above the floor,
/// and stops after <see cref="VoiceActivityOptions.SilenceMs"/> below a lower mark. docs/voice.md explains the tuning.
/// </summary>
public sealed class VoiceActivityDetector(VoiceActivityOptions options)
{
    public const int FrameMs = 20;
    public const int FrameBytes = FrameMs * MicrophoneFormat.BytesPerMillisecond;
    private const double Silent = -100;

    private readonly bool[] _recent = new bool[options.OnsetWindowFrames];
    private int _recentIndex;

    /// <summary>How many of <see cref="_recent"/> are loud, kept as frames come and go (this runs 50 times a second per speaker).</summary>
    private int _loudInWindow;
    private double _floor = options.InitialFloorDb;
    private long _frames;
    private long _lastVoicedFrame;
    private int _quietFrames;

    /// <summary>Whether speech is going on.</summary>
    public bool InSpeech { get; private set; }

    /// <summary>Within speech, how long it has been quiet since the last voiced frame (0 on a voiced frame, and outside speech).</summary>
    public int QuietMs => InSpeech ? _quietFrames * FrameMs : 0;

    /// <summary>The noise floor now, in dBFS.</summary>
    public double FloorDb => _floor;

    /// <summary>
    /// While the assistant's voice may be coming back through the person's speakers, speech must stand out further
    /// (<see cref="VoiceActivityOptions.PlaybackMarginDb"/>) to count.
    /// </summary>
    public bool AssistantAudible { get; set; }

    /// <summary>Reads one 20 ms frame (<see cref="FrameBytes"/>); says whether speech started or stopped with it.</summary>
    public VoiceChange Process(ReadOnlySpan<byte> frame)
    {
        if (frame.Length != FrameBytes)
        {
            throw new ArgumentException($"a frame is {FrameBytes} bytes", nameof(frame));
        }

        var level = Level(frame);
        var at = _frames++;
        var margin = AssistantAudible ? Math.Max(options.OnsetMarginDb, options.PlaybackMarginDb) : options.OnsetMarginDb;
        var loud = level >= Math.Max(_floor + margin, options.MinSpeechDb);
        _loudInWindow += (loud ? 1 : 0) - (_recent[_recentIndex] ? 1 : 0);
        _recent[_recentIndex] = loud;
        _recentIndex = (_recentIndex + 1) % _recent.Length;

        // The floor follows in speech too: the gaps between words hold it down, and a noise that never stops lifts it
        // until the utterance it opened ends.
        Follow(level);
        if (!InSpeech)
        {
            if (loud && _loudInWindow >= options.OnsetFrames)
            {
                InSpeech = true;
                _quietFrames = 0;
                _lastVoicedFrame = at;
                var began = Math.Max(0, at - _recent.Length + 1 + FirstLoudInWindow());
                Array.Clear(_recent);
                _loudInWindow = 0;
                return new VoiceChange(VoiceChangeKind.Started, began * FrameMs);
            }

            return default;
        }

        // The lower mark keeps the same hysteresis against the absolute minimum as against the floor.
        var hysteresis = options.OnsetMarginDb - options.ReleaseMarginDb;
        if (level >= Math.Max(_floor + options.ReleaseMarginDb, options.MinSpeechDb - hysteresis))
        {
            _quietFrames = 0;
            _lastVoicedFrame = at;
            return default;
        }

        if (++_quietFrames * FrameMs < options.SilenceMs)
        {
            return default;
        }

        InSpeech = false;
        _quietFrames = 0;
        return new VoiceChange(VoiceChangeKind.Stopped, (_lastVoicedFrame + 1) * FrameMs);
    }

    /// <summary>Speech began with the first loud frame of the window that tipped it: its place, oldest first.</summary>
    private int FirstLoudInWindow()
    {
        for (var k = 0; k < _recent.Length; k++)
        {
            if (_recent[(_recentIndex + k) % _recent.Length])
            {
                return k;
            }
        }

        return _recent.Length - 1;
    }

    /// <summary>The utterance was ended from outside (a commit): what follows starts afresh.</summary>
    public void EndSpeech()
    {
        InSpeech = false;
        _quietFrames = 0;
        Array.Clear(_recent);
        _loudInWindow = 0;
    }

    /// <summary>The floor falls at once to a quieter frame and rises slowly, so speech never lifts it much.</summary>
    private void Follow(double level)
    {
        _floor = level < _floor
            ? level
            : _floor + Math.Min(level - _floor, options.FloorRiseDbPerSecond * FrameMs / 1000.0);
        _floor = Math.Max(_floor, options.MinFloorDb);
    }

    /// <summary>The frame's RMS level in dB below full scale.</summary>
    public static double Level(ReadOnlySpan<byte> frame)
    {
        double sum = 0;
        var samples = frame.Length / 2;
        for (var i = 0; i < frame.Length; i += 2)
        {
            double sample = BinaryPrimitives.ReadInt16LittleEndian(frame[i..]);
            sum += sample * sample;
        }

        var mean = sum / samples;
        return mean <= 0 ? Silent : 10 * Math.Log10(mean / (32768.0 * 32768.0));
    }
}

/// <summary>What one frame changed: nothing, or speech started or stopped at <see cref="AudioMs"/> into the stream.</summary>
public readonly record struct VoiceChange(VoiceChangeKind Kind, long AudioMs);

public enum VoiceChangeKind
{
    None,
    Started,
    Stopped,
}
