namespace WaQup.Load;

/// <summary>The scripted conversations a simulated session plays.</summary>
public enum Scenario
{
    FreeTextAffirmation,
    StructuredRequest,
    CancelMidSpeech,
    DisconnectAndResume,
    BadInput,

    /// <summary>A request and its "yes" spoken at real-time pace from WAV files; only when the run is given voice lines.</summary>
    Voice,
}
