namespace WaQup.Grains.Configuration;

/// <summary>How sessions behave. Section <c>Conversation</c>.</summary>
public sealed class ConversationOptions
{
    /// <summary>Credits a new user is given on first sight.</summary>
    public int WelcomeGrant { get; set; } = 10;

    /// <summary>1 streams audio at real-time pace; 10 ten times faster; 0 as fast as it is made.</summary>
    public double PaceFactor { get; set; } = 1.0;

    /// <summary>How far ahead of real time audio may run, so the client's player never starves.</summary>
    public int LeadMs { get; set; } = 600;

    /// <summary>Audio frames kept for replay after a reconnect until the client acknowledges them.</summary>
    public int ReplayFrames { get; set; } = 1500;

    /// <summary>A reservation lives for the ritual's length plus this margin, then refunds itself.</summary>
    public TimeSpan ReservationMargin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a poll waits for news before returning empty (below the grain call timeout).</summary>
    public TimeSpan PollTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Speaks a greeting when a new session starts.</summary>
    public bool SpeakGreeting { get; set; } = true;
}
