namespace WaQup.Load;

/// <summary>
/// A simulated player for one response: it starts playing when the first frame arrives, so frame k is due at
/// first + k·frame length; a frame that arrives after its due time would have been heard as a gap.
/// </summary>
public sealed class FramePlayer(long frameTicks)
{
    private long _first;

    public bool Playing { get; private set; }

    public int Frames { get; private set; }

    public int Late { get; private set; }

    public static bool IsLate(long firstArrival, int index, long arrival, long frameTicks) => arrival > firstArrival + (index * frameTicks);

    public void Start()
    {
        Playing = true;
        Frames = 0;
        Late = 0;
    }

    public void Stop() => Playing = false;

    /// <summary>Plays the next frame, which arrived at <paramref name="arrival"/> (in ticks); true when it is late.</summary>
    public bool Play(long arrival)
    {
        if (!Playing)
        {
            return false;
        }

        if (Frames == 0)
        {
            _first = arrival;
        }

        var late = IsLate(_first, Frames, arrival, frameTicks);
        Frames++;
        if (late)
        {
            Late++;
        }

        return late;
    }
}
