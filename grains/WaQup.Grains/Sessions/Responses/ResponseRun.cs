namespace WaQup.Grains.Sessions.Responses;

/// <summary>One assistant response being spoken: a short reply, or a ritual in production.</summary>
/// <param name="createdAt">When the turn that asked for it was taken, as a timestamp of the session's clock.</param>
/// <param name="place">A ritual's place on its silo (admission control): given back the moment the run stops.</param>
public sealed class ResponseRun(string responseId, bool isRitual, long createdAt, IDisposable? place = null)
{
    private readonly CancellationTokenSource _stop = new();

    public string ResponseId { get; } = responseId;

    public bool IsRitual { get; } = isRitual;

    public CancellationToken Stopping => _stop.Token;

    /// <summary>Set once the run was cancelled; after that it must not say anything more.</summary>
    public bool Stopped { get; private set; }

    /// <summary>Set while the finished ritual is being charged.</summary>
    public bool Committing { get; set; }

    /// <summary>
    /// Set once its <c>audio.done</c> is said: the response has been delivered, so a cancel or the session's end comes
    /// too late for it (a ritual is then saved and charged, PROTOCOL.md v1.1).
    /// </summary>
    public bool Delivered { get; set; }

    public bool AudioStarted { get; set; }

    public uint LastSeq { get; set; }

    public long Frames { get; set; }

    /// <summary>When its first frame went out, as a timestamp of the session's clock: pacing counts from here.</summary>
    public long StartedAtTicks { get; set; }

    /// <summary>When the response began (the turn that asked for it was taken): first-audio latency counts from here.</summary>
    public long CreatedAtTicks { get; } = createdAt;

    public void Stop()
    {
        Stopped = true;
        // Before the cancel is announced: whoever hears it may ask for the next ritual at once, and must find room.
        place?.Dispose();
        _stop.Cancel();
    }
}
