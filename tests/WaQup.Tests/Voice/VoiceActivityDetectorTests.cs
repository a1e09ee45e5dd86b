using System.Buffers.Binary;
using WaQup.Api.Conversation.Voice;
using WaQup.Tests.Recognition;

namespace WaQup.Tests.Voice;

/// <summary>The detector that ends utterances by itself: where speech starts and stops, and what it must not take for speech.</summary>
public sealed class VoiceActivityDetectorTests
{
    private static readonly VoiceActivityOptions Defaults = new();

    [Fact]
    public void Room_noise_alone_is_never_speech()
    {
        var changes = Run(SpokenAudio.Silence(5000, noiseAmplitude: 60));

        Assert.Empty(changes);
    }

    [Fact]
    public async Task Speech_starts_where_the_words_begin_and_stops_after_700_ms_of_silence_where_they_end()
    {
        var words = await SpokenAudio.FliteAsync("i would like a guided meditation for sleep");
        var audio = SpokenAudio.Join(Noise(1000), words, Noise(1500));
        var (first, last) = LoudSpan(words);

        var changes = Run(audio);

        Assert.Equal([VoiceChangeKind.Started, VoiceChangeKind.Stopped], changes.Select(c => c.Change.Kind));
        var (start, stop) = (changes[0], changes[1]);
        Assert.InRange(start.Change.AudioMs, 1000 + first - 60, 1000 + first + 100);
        // The synthesiser's words trail off below -40 dBFS: the end may come a few frames after the loud part.
        Assert.InRange(stop.Change.AudioMs, 1000 + last - 60, 1000 + last + 200);
        // Reported once the silence has lasted long enough, not before.
        Assert.InRange(stop.AtMs - stop.Change.AudioMs, Defaults.SilenceMs, Defaults.SilenceMs + 2 * VoiceActivityDetector.FrameMs);
    }

    /// <remarks>flite pads each phrase with about 200 ms of near-silence at each end: the pause is about 500 ms.</remarks>
    [Fact]
    public async Task A_pause_between_phrases_shorter_than_the_silence_does_not_end_the_utterance()
    {
        var audio = SpokenAudio.Join(Noise(500), await SpokenAudio.FliteAsync("a daily ritual"), Noise(100), await SpokenAudio.FliteAsync("for gratitude"), Noise(1500));

        var changes = Run(audio);

        Assert.Equal([VoiceChangeKind.Started, VoiceChangeKind.Stopped], changes.Select(c => c.Change.Kind));
    }

    [Fact]
    public async Task A_pause_longer_than_the_silence_makes_two_utterances()
    {
        var audio = SpokenAudio.Join(Noise(500), await SpokenAudio.FliteAsync("yes"), Noise(1200), await SpokenAudio.FliteAsync("ten minutes"), Noise(1500));

        var changes = Run(audio);

        Assert.Equal([VoiceChangeKind.Started, VoiceChangeKind.Stopped, VoiceChangeKind.Started, VoiceChangeKind.Stopped], changes.Select(c => c.Change.Kind));
    }

    [Fact]
    public void A_click_is_not_speech()
    {
        var audio = SpokenAudio.Join(Noise(1000), Tone(40, 12_000), Noise(1000));

        Assert.Empty(Run(audio));
    }

    [Fact]
    public void A_noise_that_starts_and_never_stops_ends_the_utterance_it_opened_and_opens_no_more()
    {
        var audio = SpokenAudio.Join(Noise(1000), SpokenAudio.Silence(20_000, noiseAmplitude: 600, seed: 3));

        var changes = Run(audio);

        Assert.True(changes.Count <= 2, $"{changes.Count} changes: {string.Join(", ", changes)}");
        if (changes.Count > 0)
        {
            Assert.Equal(VoiceChangeKind.Stopped, changes[^1].Change.Kind);
            Assert.True(changes[^1].AtMs < 15_000, $"the noise was taken for speech until {changes[^1].AtMs} ms");
        }
    }

    [Fact]
    public async Task While_the_assistant_is_heard_quiet_speech_does_not_count_and_a_clear_voice_does()
    {
        var words = await SpokenAudio.FliteAsync("please stop the meditation");
        // As a microphone hears them: over the room's noise, which the synthesiser's own near-silence would otherwise undercut.
        var quiet = SpokenAudio.Mix(SpokenAudio.Scale(words, 0.02), Noise(words.Length / 32));
        var detector = new VoiceActivityDetector(Defaults) { AssistantAudible = true };

        var heard = Run(SpokenAudio.Join(Noise(1000), quiet, Noise(1000)), detector);
        Assert.True(heard.Count == 0, string.Join(", ", heard) + $" floor {detector.FloorDb}");
        Assert.Contains(Run(SpokenAudio.Join(words, Noise(1000)), detector), c => c.Change.Kind == VoiceChangeKind.Started);
        // The same quiet words count when nothing is playing.
        Assert.Contains(Run(SpokenAudio.Join(Noise(1000), quiet, Noise(1000))), c => c.Change.Kind == VoiceChangeKind.Started);
    }

    [Fact]
    public void Only_whole_frames_are_read()
    {
        var detector = new VoiceActivityDetector(Defaults);

        Assert.Throws<ArgumentException>(() => detector.Process(new byte[VoiceActivityDetector.FrameBytes - 2]));
    }

    private static byte[] Noise(int milliseconds) => SpokenAudio.Silence(milliseconds, noiseAmplitude: 60, seed: milliseconds);

    private static List<(VoiceChange Change, long AtMs)> Run(byte[] audio, VoiceActivityDetector? detector = null)
    {
        detector ??= new VoiceActivityDetector(Defaults);
        var changes = new List<(VoiceChange, long)>();
        for (var at = 0; at + VoiceActivityDetector.FrameBytes <= audio.Length; at += VoiceActivityDetector.FrameBytes)
        {
            var change = detector.Process(audio.AsSpan(at, VoiceActivityDetector.FrameBytes));
            if (change.Kind != VoiceChangeKind.None)
            {
                changes.Add((change, (at / VoiceActivityDetector.FrameBytes + 1) * VoiceActivityDetector.FrameMs));
            }
        }

        return changes;
    }

    /// <summary>Where the synthesiser's words are, by the first and last 20 ms frame louder than -40 dBFS.</summary>
    private static (long FirstMs, long LastMs) LoudSpan(byte[] words)
    {
        var loud = Enumerable.Range(0, words.Length / VoiceActivityDetector.FrameBytes)
            .Where(i => VoiceActivityDetector.Level(words.AsSpan(i * VoiceActivityDetector.FrameBytes, VoiceActivityDetector.FrameBytes)) > -40)
            .ToList();
        return (loud[0] * VoiceActivityDetector.FrameMs, (loud[^1] + 1) * VoiceActivityDetector.FrameMs);
    }

    private static byte[] Tone(int milliseconds, int amplitude)
    {
        var pcm = new byte[milliseconds * 32];
        for (var i = 0; i < pcm.Length / 2; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(pcm.AsSpan(i * 2), (short)(amplitude * Math.Sin(2 * Math.PI * 440 * i / 16_000.0)));
        }

        return pcm;
    }
}
