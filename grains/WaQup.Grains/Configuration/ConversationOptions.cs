namespace WaQup.Grains.Configuration;

/// <summary>How sessions behave. Section <c>Conversation</c>.</summary>
public sealed class ConversationOptions
{
    /// <summary>Credits a new user is given on first sight.</summary>
    public int WelcomeGrant { get; set; } = 10;

    /// <summary>
    /// How much faster than real time audio may go out: 1 is real time, 0 as fast as it is made. The default, 8,
    /// lets a client buffer ahead (a five-minute meditation arrives in under 40 s) while a cancel still lands
    /// mid-stream and stops what has not been sent.
    /// </summary>
    public double PaceFactor { get; set; } = 8.0;

    /// <summary>How far ahead of real time audio may run, so the client's player never starves.</summary>
    public int LeadMs { get; set; } = 600;

    /// <summary>
    /// How much of a ritual's audio (in milliseconds) may wait for the library copy's encoder before the ritual slows
    /// down for it. The encoder runs at a low priority; on a machine short of CPU its backlog would otherwise grow for
    /// as long as audio outruns real time, and the ritual would sit unsaved, silent, for that long after its audio
    /// ended. Audio never waits once the listener's buffer is down to <see cref="LeadMs"/>: it then goes out at real
    /// time whatever the encoder's backlog.
    /// </summary>
    public int RecordingBacklogMs { get; set; } = 5000;

    /// <summary>Audio frames kept for replay after a reconnect until the client acknowledges them.</summary>
    public int ReplayFrames { get; set; } = 1500;

    /// <summary>
    /// A ritual's reservation is a lease of this length, renewed every third of it for as long as the ritual is being
    /// written, spoken, encoded and saved, however slowly a loaded machine makes it. When its silo dies the renewals
    /// stop with it, and the reservation refunds itself within this long.
    /// </summary>
    public TimeSpan ReservationLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Speech nobody pays for (greetings, questions, quotes) that one person may be given at once, across all their
    /// sessions; it refills at <see cref="UnpaidSpeechPerMinute"/>. Past it, replies come as text only.
    /// </summary>
    public TimeSpan UnpaidSpeechBurst { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How fast that allowance refills: speech per minute of wall-clock time.</summary>
    public TimeSpan UnpaidSpeechPerMinute { get; set; } = TimeSpan.FromSeconds(40);

    /// <summary>How much of a topic a question or quote speaks back: the first words up to this many characters.</summary>
    public int SpokenTopicChars { get; set; } = 60;

    /// <summary>Where the session points someone in crisis (<c>Conversation:Help</c>): set these for the country served.</summary>
    public CrisisHelp Help { get; set; } = new();

    /// <summary>
    /// How long a conversational turn's change to the session's record (the dialogue's state, the slots gathered, the
    /// quote) may wait before it is written: the turns taken within it share one write. A person's turns are seconds
    /// apart, so each is written on its own; a client talking faster than anyone can costs the database one write per
    /// delay rather than one a turn. What moves money or a ritual (production, review, the end) is written at once,
    /// and so is a waiting change when the session deactivates. A silo that dies inside the delay resumes the session
    /// at the turn before. Zero writes every turn at once.
    /// </summary>
    public TimeSpan TurnWriteDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a poll waits for news before returning empty (below the grain call timeout).</summary>
    public TimeSpan PollTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Speaks a greeting when a new session starts.</summary>
    public bool SpeakGreeting { get; set; } = true;
}

/// <summary>
/// The help lines the session speaks to someone in crisis, one sentence or two each. The defaults name services in the
/// US and the UK and tell everyone else to call their local emergency number; a deployment sets its own.
/// </summary>
public sealed class CrisisHelp
{
    public string SelfHarm { get; set; } =
        "If you might act on these thoughts, please call your local emergency number now. In the US you can call or text 988, the Suicide and Crisis Lifeline; in the UK and Ireland you can call Samaritans on 116 123, day or night.";

    public string Abuse { get; set; } =
        "If you are in danger right now, call your local emergency number. In the US the National Domestic Violence Hotline is 1 800 799 7233; in the UK the National Domestic Abuse Helpline is 0808 2000 247.";

    public string MedicalEmergency { get; set; } =
        "Please call your local emergency number right now: 911 in the US, 999 in the UK, 112 in Europe. If someone is with you, ask them to help.";
}
