using WaQup.Grains.Configuration;
using WaQup.Grains.Sessions.Production;
using WaQup.Providers.Audio;

namespace WaQup.Grains.Sessions.Responses;

/// <summary>How far ahead of real time a response's audio may run, and when the library copy makes it wait.</summary>
public sealed class FramePacing(ConversationOptions options, TimeProvider clock)
{
    /// <summary>How long the next frame must wait to stay within its lead of real time (0: it may go now).</summary>
    public double DelayMs(ResponseRun run)
    {
        var pace = options.PaceFactor;
        if (pace <= 0)
        {
            return 0;
        }

        var dueMs = run.Frames * AudioFormat.FrameMs / pace - options.LeadMs;
        var elapsedMs = clock.GetElapsedTime(run.StartedAtTicks).TotalMilliseconds;
        // Wake at most every few frames: fewer timers per session, and the lead absorbs the jitter.
        return dueMs > elapsedMs ? Math.Max(dueMs - elapsedMs, 3 * AudioFormat.FrameMs / pace) : 0;
    }

    /// <summary>
    /// Whether the library copy has fallen so far behind that this ritual's audio should wait for it: only while the
    /// listener has more than the lead still to play, so audio never goes out slower than real time for its sake.
    /// </summary>
    public bool EncoderBehind(ResponseRun run, RitualRecording? recording) =>
        recording is not null
        && recording.PendingFrames * AudioFormat.FrameMs > options.RecordingBacklogMs
        && BufferedMs(run) > options.LeadMs;

    /// <summary>How long to wait for the library copy before looking again.</summary>
    public TimeSpan EncoderWait(ResponseRun run) =>
        TimeSpan.FromMilliseconds(Math.Clamp(BufferedMs(run) - options.LeadMs, 1, 5 * AudioFormat.FrameMs));

    /// <summary>Audio sent and not yet played, had the listener started playing the first frame as it went out.</summary>
    private double BufferedMs(ResponseRun run) =>
        run.Frames * AudioFormat.FrameMs - clock.GetElapsedTime(run.StartedAtTicks).TotalMilliseconds;
}
