using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Extensions.Logging.Abstractions;
using WaQup.Abstractions.Grains;
using WaQup.Abstractions.Protocol;
using WaQup.Abstractions.Voice;
using WaQup.Api.Conversation.Voice;
using WaQup.Tests.Infrastructure;
using WaQup.Tests.Recognition;

namespace WaQup.Tests.Voice;

/// <summary>What of the microphone the listener gives the recogniser, and what it tells the session.</summary>
public sealed class VoiceListenerTests
{
    private static readonly VoiceActivityOptions Activity = new();

    [Fact]
    public async Task A_pause_that_speech_resumes_after_is_heard_whole_and_the_silence_that_ends_the_utterance_is_not_decoded()
    {
        var recognizer = new RecordingRecognizer();
        var session = SessionRecorder.Create();
        await using var listener = Listener(session, recognizer, SessionStartCommand.ServerVad);

        Feed(listener, SpokenAudio.Join(SpokenAudio.Silence(500, noiseAmplitude: 40), Tone(600), SpokenAudio.Silence(500, noiseAmplitude: 40), Tone(600), SpokenAudio.Silence(1200, noiseAmplitude: 40)));
        var heard = await OnlyUtteranceAsync(recognizer);

        // The pre-roll (300 ms), the words from where speech was found, the whole 500 ms pause between them, and of the
        // silence after them only the first DecodedPauseMs: the other 460 ms before the turn ended were not decoded.
        var expectedMs = Activity.PreRollMs + (1100 - FoundAtMs(500)) + 500 + 600 + Activity.DecodedPauseMs;
        Assert.InRange(heard.Length / MicrophoneFormat.BytesPerMillisecond, expectedMs - 20, expectedMs + 20);
        Assert.InRange(LoudMs(heard, from: (Activity.PreRollMs + 1100 - FoundAtMs(500) + 500) * MicrophoneFormat.BytesPerMillisecond), 580, 620);
        await session.WaitForAsync(calls => calls.Any(c => c.Method == nameof(ISessionGrain.TranscriptAsync)));
        Assert.Equal(
            [nameof(ISessionGrain.SpeechStartedAsync), nameof(ISessionGrain.SpeechStoppedAsync), nameof(ISessionGrain.TranscriptAsync)],
            session.Calls.Select(c => c.Method));
    }

    [Fact]
    public async Task A_commit_after_a_pause_leaves_the_pause_out_of_the_utterance()
    {
        var recognizer = new RecordingRecognizer();
        var session = SessionRecorder.Create();
        await using var listener = Listener(session, recognizer, SessionStartCommand.Manual);

        Feed(listener, SpokenAudio.Join(SpokenAudio.Silence(500, noiseAmplitude: 40), Tone(600), SpokenAudio.Silence(600, noiseAmplitude: 40)));
        Assert.Null(listener.Commit());
        var heard = await OnlyUtteranceAsync(recognizer);

        var expectedMs = Activity.PreRollMs + (1100 - FoundAtMs(500)) + Activity.DecodedPauseMs;
        Assert.InRange(heard.Length / MicrophoneFormat.BytesPerMillisecond, expectedMs - 20, expectedMs + 20);
    }

    /// <summary>Where the detector finds speech that begins at <paramref name="startMs"/>: with its onset frames (4 of 6).</summary>
    private static int FoundAtMs(int startMs) => startMs + (Activity.OnsetFrames - 1) * VoiceActivityDetector.FrameMs;

    private static VoiceListener Listener(SessionRecorder session, ISpeechRecognizer recognizer, string turnDetection) =>
        new((ISessionGrain)(object)session, 1, turnDetection, recognizer, Activity, long.MaxValue, () => 0, _ => Task.CompletedTask, NullLogger.Instance, TimeProvider.System);

    private static void Feed(VoiceListener listener, byte[] audio)
    {
        for (var at = 0; at < audio.Length; at += VoiceActivityDetector.FrameBytes)
        {
            Assert.Null(listener.Hear(audio.AsSpan(at, Math.Min(VoiceActivityDetector.FrameBytes, audio.Length - at))));
        }
    }

    private static async Task<byte[]> OnlyUtteranceAsync(RecordingRecognizer recognizer)
    {
        await recognizer.FirstHeard.WaitAsync(Talk.Patience);
        Assert.Single(recognizer.Heard);
        return recognizer.Heard.Single();
    }

    /// <summary>A 440 Hz tone at about -15 dBFS: plainly speech to the detector.</summary>
    private static byte[] Tone(int milliseconds)
    {
        var samples = milliseconds * MicrophoneFormat.SampleRate / 1000;
        var pcm = new byte[samples * 2];
        for (var i = 0; i < samples; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(pcm.AsSpan(i * 2), (short)(8000 * Math.Sin(2 * Math.PI * 440 * i / MicrophoneFormat.SampleRate)));
        }

        return pcm;
    }

    /// <summary>How many milliseconds of 20 ms frames from <paramref name="from"/> on are loud (above -30 dBFS).</summary>
    private static int LoudMs(byte[] pcm, int from)
    {
        var loud = 0;
        for (var at = from; at + VoiceActivityDetector.FrameBytes <= pcm.Length; at += VoiceActivityDetector.FrameBytes)
        {
            loud += VoiceActivityDetector.Level(pcm.AsSpan(at, VoiceActivityDetector.FrameBytes)) > -30 ? VoiceActivityDetector.FrameMs : 0;
        }

        return loud;
    }

    /// <summary>Stands in for the session grain: records the voice reports, answers each without an error.</summary>
    public class SessionRecorder : DispatchProxy
    {
        private readonly ConcurrentQueue<(string Method, object?[]? Arguments)> _calls = new();
        private readonly SemaphoreSlim _called = new(0);

        public IReadOnlyList<(string Method, object?[]? Arguments)> Calls => [.. _calls];

        public static SessionRecorder Create() => (SessionRecorder)(object)Create<ISessionGrain, SessionRecorder>();

        public async Task WaitForAsync(Func<IReadOnlyList<(string Method, object?[]? Arguments)>, bool> condition)
        {
            // Each call signals once: the condition is checked again after every call, until the deadline.
            using var deadline = new CancellationTokenSource(Talk.Patience);
            while (!condition(Calls))
            {
                await _called.WaitAsync(deadline.Token);
            }
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            _calls.Enqueue((targetMethod!.Name, args));
            _called.Release();
            return targetMethod.ReturnType == typeof(Task<ErrorEvent?>) ? Task.FromResult<ErrorEvent?>(null) : Task.CompletedTask;
        }
    }
}
