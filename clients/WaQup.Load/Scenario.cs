namespace WaQup.Load;

/// <summary>The scripted conversations a simulated session plays.</summary>
public enum Scenario
{
    FreeTextAffirmation,
    StructuredRequest,
    CancelMidSpeech,
    DisconnectAndResume,
    BadInput,
}
