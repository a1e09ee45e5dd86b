using WaQup.Abstractions.Protocol;

namespace WaQup.Grains.Sessions;

/// <summary>The persisted part of a session: what survives the loss of its silo.</summary>
[GenerateSerializer, Alias("waqup.SessionRecord")]
public sealed class SessionRecord
{
    [Id(0)] public bool Created { get; set; }
    [Id(1)] public string UserId { get; set; } = "";
    [Id(2)] public byte[] ResumeTokenHash { get; set; } = [];
    [Id(3)] public SessionState State { get; set; } = SessionState.Greeting;
    [Id(4)] public SessionSlots Slots { get; set; } = SessionSlots.Empty;
    [Id(5)] public RitualOrder? Quote { get; set; }
    [Id(6)] public ProductionRecord? Production { get; set; }
    [Id(7)] public int Connection { get; set; }
    [Id(8)] public int ResponseCounter { get; set; }

    /// <summary>Sequence numbers below this may have been sent; a new activation starts here so none is reused.</summary>
    [Id(9)] public uint SeqCeiling { get; set; } = 1;

    /// <summary>
    /// The token before the newest: a resume whose answer was lost (its node died after the session took it) tried
    /// again with the token the client still holds, and is answered with that same token.
    /// </summary>
    [Id(10)] public byte[] PreviousResumeTokenHash { get; set; } = [];
}
