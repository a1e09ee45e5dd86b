namespace WaQup.Api.Conversation;

/// <summary>Limits of one conversation socket. Section <c>Socket</c>.</summary>
public sealed class SocketOptions
{
    /// <summary>Text events a connection may send per second on average (audio frames are not counted).</summary>
    public int EventsPerSecond { get; set; } = 20;

    /// <summary>Text events a connection may send in a burst.</summary>
    public int EventBurst { get; set; } = 40;

    /// <summary>Conversation sockets one user may hold open on one node; past it the upgrade is refused with 429.</summary>
    public int MaxPerUser { get; set; } = 8;

    /// <summary>How long a new socket may stay open without <c>session.start</c> before it is closed.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Microphone audio held between commits: five minutes of PCM16 at 16 kHz.</summary>
    public int MaxUtteranceBytes { get; set; } = 5 * 60 * 16_000 * 2;
}
