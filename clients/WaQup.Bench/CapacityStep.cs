namespace WaQup.Bench;

/// <summary>
/// One step of the capacity search: <paramref name="Sessions"/> rituals made at once, each one's delivery rate (seconds of
/// audio received per second of wall time, first frame to last; 0 for a ritual that failed), the frames a real-time
/// player would have heard late, and the silo's cores.
/// </summary>
public sealed record CapacityStep(int Sessions, IReadOnlyList<double> Rates, long Frames, long LateFrames, double FirstFrameP50Ms, double SiloCores)
{
    public Spread Rate => Spread.Of(Rates);

    public int Failed => Rates.Count(r => r <= 0);

    public double LateRatio => Frames == 0 ? 0 : (double)LateFrames / Frames;
}
