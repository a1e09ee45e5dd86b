namespace WaQup.Tests.Grains;

/// <summary>
/// A cluster whose library copies are not encoded while the audio streams (no background encoder thread), so every
/// ritual's backlog grows as a saturated machine's would; audio is paced at 8 times real time.
/// </summary>
public sealed class StalledEncoderClusterFixture : GrainClusterFixture
{
    public const int RecordingBacklogMs = 400;

    protected override (double PaceFactor, int RecordingBacklogMs, int EncoderThreads)? Recording => (8.0, RecordingBacklogMs, 0);
}
